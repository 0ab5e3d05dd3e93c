#!/usr/bin/env bash
# Prove the packaging: build NHP Planner's wheel, check it carries every bundled file and
# the licence, install it into a fresh virtual environment outside the checkout, and run
# it from there: summary, board pack and Word paper of the sample plan, and the window (offscreen).
# Run by .ci/run, after ./run-tests.sh; sets up the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup-env.sh
setup_env test offscreen
# The fresh environment is made with the Python .venv was made with.
python="$("$VENV/bin/python" -c 'import sys; print("%s/bin/python%d.%d" % (sys.base_prefix, *sys.version_info[:2]))')"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "Building the wheel"
# From a copy of the tracked files: an in-tree build/ folder could lend it stale files.
mkdir "$work/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"
"$VENV/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src" >/dev/null
wheel=("$work"/dist/nhp_planner-*.whl)

say "Checking $(basename "${wheel[0]}") holds every bundled file and the licence"
"$VENV/bin/python" -m zipfile -l "${wheel[0]}" | awk 'NR > 1 { print $1 }' > "$work/contents"
lacking=0
for file in $(git ls-files resources); do
    grep -qx "nhp_planner/$file" "$work/contents" ||
        { echo "error: the wheel lacks nhp_planner/$file" >&2; lacking=1; }
done
grep -qx 'nhp_planner-[^/]*\.dist-info/licenses/LICENSE' "$work/contents" ||
    { echo "error: the wheel lacks LICENSE" >&2; lacking=1; }
[ "$lacking" -eq 0 ] || exit 1
grep -E '/(resources/|licenses/)' "$work/contents" | sed 's/^/    /'

say "Installing it into a fresh virtual environment"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "${wheel[0]}"

say "Running the installed nhp-planner outside the checkout"
cd "$work"
# A home of its own: the check neither reads nor leaves a user's settings, logs and sample copy.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
    XDG_CACHE_HOME="$work/cache"
"$work/venv/bin/nhp-planner" summary --sample
"$work/venv/bin/nhp-planner" board-pack --sample --out "$work/pack.pdf"
head -c 5 "$work/pack.pdf" | grep -q '%PDF-' || { echo "error: no board pack PDF was written." >&2; exit 1; }
"$work/venv/bin/nhp-planner" paper --sample --out "$work/paper.docx"
"$python" -m zipfile -l "$work/paper.docx" | grep 'word/document.xml' >/dev/null ||
    { echo "error: no Word paper was written." >&2; exit 1; }
QT_QPA_PLATFORM=offscreen "$work/venv/bin/python" - <<'PY'
"""The installed window opens on the sample plan, with its icons, then quits."""
import sys
import time

from PySide6.QtCore import QTimer

from nhp_planner.paths import resource
from nhp_planner.ui.app import create_application, open_main_window, show_window

where = resource("icons", "nhp-planner.svg")
assert "site-packages" in where.parts, f"resources read from {where}, not the installed package"
app = create_application(sys.argv[:1])
window = open_main_window(None, sample=True)
show_window(app, window)  # as the program shows it: the icon is set once the first frame is drawn
shown = []
deadline = time.monotonic() + 20


def look_and_quit() -> None:
    """Once the icon is set (or the time is up): note what is on screen, then leave."""
    if app.windowIcon().isNull() and time.monotonic() < deadline:
        QTimer.singleShot(20, look_and_quit)
        return
    shown.append((window.isVisible(), window.windowTitle(), not app.windowIcon().isNull()))
    app.quit()


QTimer.singleShot(0, look_and_quit)
status = app.exec()
assert shown and shown[0][0] and "(sample)" in shown[0][1], shown
assert shown[0][2], "the window icon did not load"
print(f"Window shown: {shown[0][1]}")
sys.exit(status)
PY
say "The wheel installs and runs"

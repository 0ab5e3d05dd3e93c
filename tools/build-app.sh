#!/usr/bin/env bash
# A frozen NHP Planner for people without Python: a one-folder PyInstaller build in
# dist/nhp-planner/ (run dist/nhp-planner/nhp-planner), checked by starting it: the board
# pack and the Word paper from the sample plan, and the window (offscreen).
# The build has its own virtual environment (build/app-venv) with NHP Planner installed
# as a user would install it, and PyInstaller from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup-env.sh
python="$(find_python)"
# PyInstaller reads the libraries it bundles with objdump, and bundles Python's shared
# library, which Debian and Ubuntu package apart from python3 (libpython3.X).
needs=(binutils)
if ! "$python" -c 'import os, sys, sysconfig as c
sys.exit(not os.path.exists(os.path.join(c.get_config_var("LIBDIR"), c.get_config_var("INSTSONAME"))))'
then
    needs+=("libpython$(python_version "$python")")
fi
ensure_system_packages "$python" offscreen "${needs[@]}"

BUILD_VENV=build/app-venv
APP=dist/nhp-planner/nhp-planner
say "Installing NHP Planner and PyInstaller into $BUILD_VENV"
"$python" -m venv --clear "$BUILD_VENV"
"$BUILD_VENV/bin/python" -m pip install --quiet --upgrade pip
"$BUILD_VENV/bin/python" -m pip install --quiet . "pyinstaller>=6.10"
say "Building $APP"
"$BUILD_VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller tools/nhp-planner.spec

say "Checking that it starts"
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
# Its own home, so the check neither reads nor leaves a user's settings and logs.
export XDG_CONFIG_HOME="$check/config" XDG_DATA_HOME="$check/data" XDG_STATE_HOME="$check/state" \
    XDG_CACHE_HOME="$check/cache"
"$APP" summary --sample >/dev/null
"$APP" board-pack --sample --out "$check/pack.pdf" >/dev/null
[ -s "$check/pack.pdf" ] || { echo "error: the frozen app wrote no board pack." >&2; exit 1; }
"$APP" paper --sample --out "$check/paper.docx" >/dev/null
[ -s "$check/paper.docx" ] || { echo "error: the frozen app wrote no Word paper." >&2; exit 1; }
QT_QPA_PLATFORM=offscreen "$APP" --sample 2>"$check/window.err" &
app=$!
# The window logs when it is shown (nhp_planner.ui.app.run_app).
log="$check/state/NHP Planner/log/nhp-planner.log"
for _ in $(seq 1 120); do
    grep -qs "Window shown" "$log" && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
done
if ! grep -qs "Window shown" "$log"; then
    kill "$app" 2>/dev/null || true
    echo "error: the frozen app's window did not open:" >&2
    cat "$check/window.err" >&2
    exit 1
fi
kill "$app"
wait "$app" 2>/dev/null || true
say "Built $APP ($(du -sh dist/nhp-planner | cut -f1)): it writes a board pack and a paper, and opens its window"

#!/usr/bin/env bash
# Set up what is missing, then open NHP Planner on the bundled sample plan.
# Extra arguments go to the app, e.g. ./run-app.sh my-plan.nhp
set -euo pipefail
# A plan named relative to where the script was started from, not to the checkout it changes to.
plans=()
for arg in "$@"; do
    case "$arg" in
        -* | /*) plans+=("$arg") ;;
        *) plans+=("$PWD/$arg") ;;
    esac
done
set -- ${plans[@]+"${plans[@]}"}
cd "$(dirname "$0")"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    echo "There is no display to open NHP Planner's window on (DISPLAY and WAYLAND_DISPLAY are" \
        "unset); run it headless with QT_QPA_PLATFORM=offscreen ./run-app.sh, or under a virtual" \
        "display with xvfb-run ./run-app.sh." >&2
    exit 1
fi
. tools/setup-env.sh
setup_env app desktop
if [ "$#" -eq 0 ]; then set -- --sample; fi
exec .venv/bin/nhp-planner "$@"

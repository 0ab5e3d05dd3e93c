#!/usr/bin/env bash
# Prepare what NHP Planner needs on a Debian/Ubuntu machine, and nothing twice:
# the system libraries Qt loads, a virtual environment in .venv, and the
# project installed into it. Sourced by run-app.sh and run-tests.sh.
# Usage: setup_env <extras> <qt-platform: offscreen|desktop>
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Qt's own libraries come with PySide6; these are the system ones it loads.
QT_OFFSCREEN_LIBS="libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0"
# The xcb platform plugin (a real X11 display) needs these as well.
QT_DESKTOP_LIBS="libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 libxrender1 \
libxi6 libsm6 libice6 libwayland-client0 libwayland-cursor0 libwayland-egl1 fonts-dejavu-core"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: NHP Planner needs Python 3.11 or newer; install it (apt-get install python3) and try again." >&2
    return 1
}

apt_install() {
    # Install the named Debian packages that are not installed yet.
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "warning: not a Debian-family system; make sure these are installed: ${missing[*]}" >&2
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: these system packages are needed; as root run: apt-get install -y ${missing[*]}" >&2
            return 1
        fi
    fi
    say "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_env() {
    local extras="$1" platform="$2" python
    python="$(find_python)"
    local pyver
    pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    # Debian splits venv and pip out of its python3 package.
    if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        apt_install "python${pyver}-venv"
    fi
    if [ "$platform" = desktop ]; then
        # shellcheck disable=SC2086
        apt_install $QT_OFFSCREEN_LIBS $QT_DESKTOP_LIBS
    else
        # shellcheck disable=SC2086
        apt_install $QT_OFFSCREEN_LIBS
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtual environment in .venv"
        "$python" -m venv "$VENV"
    fi
    # Reinstall only when the project's requirements change.
    local stamp
    stamp="$VENV/.installed-$extras-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        say "Installing NHP Planner and its requirements into .venv"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e "$ROOT[$extras]"
        rm -f "$VENV"/.installed-"$extras"-*
        touch "$stamp"
    fi
}

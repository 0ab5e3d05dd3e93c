#!/usr/bin/env bash
# Prepare what NHP Planner needs on a Debian/Ubuntu machine, and nothing twice:
# the system libraries Qt loads, a virtual environment in .venv, and the
# project installed into it. Sourced by run-app.sh and run-tests.sh.
# Usage: setup_env <extras> <qt-platform: offscreen|desktop>
# PYTHON=python3.13 ./run-tests.sh uses that Python (and remakes .venv for it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# What Qt loads from the system, one entry per library. Where releases name the
# package differently, the entry lists the names, newest first ("a|b"): Debian 13
# and Ubuntu 24.04 renamed GLib's for 64-bit time (libglib2.0-0t64), Debian 12
# and Ubuntu 22.04 keep libglib2.0-0.
# Offscreen (the tests, and any window): Qt's GUI, text and OpenGL; Kerberos's GSSAPI for Qt's
# network library, which the pack preview's QtPdf links to (a minimal Debian lacks it).
QT_OFFSCREEN_NEEDS="libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 \
libdbus-1-3 libgssapi-krb5-2 libglib2.0-0t64|libglib2.0-0"
# A real display: the xcb (X11) and Wayland platform plugins, and a font for the window.
QT_DESKTOP_NEEDS="libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 \
libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 \
libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libwayland-client0 \
libwayland-cursor0 libwayland-egl1 fonts-dejavu-core"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

python_ok() {
    # Whether $1 is a Python NHP Planner runs on (3.11 or newer).
    command -v "$1" >/dev/null 2>&1 &&
        "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

find_python() {
    # $PYTHON if set (and nothing else), else the system's python3, else the newest python3.1x.
    local candidate
    if [ -n "${PYTHON:-}" ]; then
        if python_ok "$PYTHON"; then command -v "$PYTHON"; return 0; fi
        echo "error: PYTHON=$PYTHON is not Python 3.11 or newer." >&2
        return 1
    fi
    for candidate in python3 python3.13 python3.12 python3.11; do
        if python_ok "$candidate"; then command -v "$candidate"; return 0; fi
    done
    echo "error: NHP Planner needs Python 3.11 or newer; install it (apt-get install python3) and try again." >&2
    return 1
}

python_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

venv_ready() {
    # Whether .venv works and, when PYTHON names a Python, is made with that one's version.
    [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/pip" ] || return 1
    [ -z "${PYTHON:-}" ] || { python_ok "$PYTHON" &&
        [ "$(python_version "$VENV/bin/python")" = "$(python_version "$PYTHON")" ]; }
}

alternatives() { printf '%s\n' "$@" | tr '|' '\n'; }

missing_needs() {
    # The entries of "$@" (see QT_OFFSCREEN_NEEDS) that no installed package meets; one dpkg-query.
    local installed need name met
    # shellcheck disable=SC2016,SC2046
    installed=$'\n'"$(dpkg-query -W -f='${db:Status-Status}:${Package}\n' $(alternatives "$@") \
        2>/dev/null || true)"$'\n'
    for need in "$@"; do
        met=no
        for name in ${need//|/ }; do
            case "$installed" in *$'\n'"installed:$name"$'\n'*) met=yes ;; esac
        done
        [ "$met" = yes ] || printf '%s\n' "$need"
    done
}

package_names() {
    # For each entry, the name this system's apt offers: the first alternative with a candidate.
    # Without package lists (apt-get update never run) apt knows none; then a system that already
    # has 64-bit-time ("t64") packages takes the t64 name, any other the older one.
    local known need name chosen t64=no is_t64
    # shellcheck disable=SC2046
    known=" $(apt-cache policy $(alternatives "$@") 2>/dev/null |
        awk '/^[^ ].*:$/ { name = substr($1, 1, length($1) - 1) }
             /^  Candidate:/ && $2 != "(none)" { printf "%s ", name }' || true) "
    # shellcheck disable=SC2016
    if dpkg-query -W -f='${db:Status-Status}\n' '*t64' 2>/dev/null | grep -q '^installed$'; then
        t64=yes
    fi
    for need in "$@"; do
        chosen=""
        for name in ${need//|/ }; do
            case "$known" in *" $name "*) chosen="$name"; break ;; esac
        done
        if [ -z "$chosen" ]; then
            for name in ${need//|/ }; do
                chosen="$name"
                case "$name" in *t64) is_t64=yes ;; *) is_t64=no ;; esac
                [ "$is_t64" = "$t64" ] && break
            done
        fi
        printf '%s\n' "$chosen"
    done
}

ensure_system_packages() {
    # $1: the Python the venv will be made with (empty when .venv is ready); $2: the Qt platform;
    # any more: other packages the caller needs (tools/build-app.sh: binutils, for PyInstaller).
    # Checks only (no sudo, no network) when everything is there; otherwise installs, in one go,
    # everything either script needs, or tells a user who cannot install the one command to run.
    local python="$1" platform="$2" venv_need=() needed all missing packages command
    local extra=("${@:3}")
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "warning: not a Debian-family system; make sure the libraries Qt needs are installed" \
            "(tools/setup-env.sh names them)." >&2
        return 0
    fi
    # Debian splits venv and ensurepip out of its python3 package.
    if [ -n "$python" ] && ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        venv_need=("python$(python_version "$python")-venv")
    fi
    needed="${venv_need[*]} ${extra[*]} $QT_OFFSCREEN_NEEDS"
    [ "$platform" = desktop ] && needed="$needed $QT_DESKTOP_NEEDS"
    # shellcheck disable=SC2086
    [ -n "$(missing_needs $needed)" ] || return 0
    all="${venv_need[*]} ${extra[*]} $QT_OFFSCREEN_NEEDS $QT_DESKTOP_NEEDS"
    # shellcheck disable=SC2086
    mapfile -t missing < <(missing_needs $all)
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        # sudo may ask for a password on a terminal, never where nobody can answer.
        if command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
            sudo="sudo"
        fi
    fi
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
        say "Updating apt's package lists"
        if $sudo apt-get update -qq; then
            mapfile -t packages < <(package_names "${missing[@]}")
            say "Installing system packages: ${packages[*]}"
            if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
                --no-install-recommends "${packages[@]}" >/dev/null; then
                return 0
            fi
        fi
        [ -n "$sudo" ] || return 1
    fi
    mapfile -t packages < <(package_names "${missing[@]}")
    command="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
    {
        echo "NHP Planner needs system packages that only an administrator can install."
        echo "Ask one to run this once, as root, then run $0 again:"
        echo
        echo "    $command"
    } >&2
    return 1
}

setup_env() {
    local extras="$1" platform="$2" python="" bootstrap=()
    # A .venv made with another Python than PYTHON names is made afresh.
    if ! venv_ready; then
        # A bare Debian (a container, a minimal install) has no Python at all: it is
        # installed with the rest, or named in the one command an administrator is given.
        if ! python="$(find_python 2>/dev/null)"; then
            if [ -n "${PYTHON:-}" ] || ! command -v dpkg-query >/dev/null 2>&1; then
                find_python >/dev/null
                return 1
            fi
            bootstrap=(python3 python3-venv)
        fi
    fi
    ensure_system_packages "$python" "$platform" "${bootstrap[@]}"
    [ "${#bootstrap[@]}" -eq 0 ] || python="$(find_python)"
    if [ -n "$python" ]; then
        say "Creating the virtual environment in .venv (Python $(python_version "$python"))"
        "$python" -m venv --clear "$VENV"
    fi
    # Reinstall only when the project's requirements or packaging change. The test extras
    # hold everything the app needs (its own are empty), so the app takes their install.
    local packaging stamp
    packaging="$(cat "$ROOT/pyproject.toml" "$ROOT/setup.py" | sha256sum | cut -c1-16)"
    stamp="$VENV/.installed-$extras-$packaging"
    if [ ! -f "$stamp" ] && ! { [ "$extras" = app ] && [ -f "$VENV/.installed-test-$packaging" ]; }; then
        say "Installing NHP Planner and its requirements into .venv"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        # setuptools' notice on every editable install ("Please be careful with folders in
        # your working directory...") is for package authors, not for someone starting the app.
        PYTHONWARNINGS="ignore:Editable installation" \
            "$VENV/bin/python" -m pip install --quiet -e "${ROOT}[$extras]"
        rm -f "$VENV"/.installed-"$extras"-*
        touch "$stamp"
    fi
}

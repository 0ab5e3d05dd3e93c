#!/usr/bin/env bash
# Set up what is missing, then run the whole test suite (headless).
# Extra arguments go to pytest, e.g. ./run-tests.sh -m "not gui"
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup-env.sh
setup_env test offscreen
exec .venv/bin/python -m pytest "$@"

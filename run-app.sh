#!/usr/bin/env bash
# Set up what is missing, then open NHP Planner on the bundled sample plan.
# Extra arguments go to the app, e.g. ./run-app.sh my-plan.nhp
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup-env.sh
setup_env app desktop
if [ "$#" -eq 0 ]; then set -- --sample; fi
exec .venv/bin/nhp-planner "$@"

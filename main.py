"""Run NHP Planner from a checkout: ``python main.py`` does what ``nhp-planner`` does."""

import sys

from nhp_planner.cli import main

if __name__ == "__main__":
    sys.exit(main())

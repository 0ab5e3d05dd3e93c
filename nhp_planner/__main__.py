"""``python -m nhp_planner``: the same as the ``nhp-planner`` command."""

import sys

from nhp_planner.cli import main

sys.exit(main())

"""``python -m nhp_planner``: the same as the ``nhp-planner`` command."""

from nhp_planner.cli import run

run()

"""Run NHP Planner from a checkout: ``python main.py`` does what ``nhp-planner`` does."""

from nhp_planner.cli import run

if __name__ == "__main__":
    run()

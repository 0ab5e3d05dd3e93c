"""The frozen app's entry point (tools/nhp-planner.spec): what the ``nhp-planner`` command runs.

It sits outside the checkout's root so PyInstaller analyses the installed package,
resources and all, rather than the bare ``nhp_planner/`` folder beside ``main.py``.
"""

from nhp_planner.cli import run

if __name__ == "__main__":
    run()

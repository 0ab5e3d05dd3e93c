"""The packages the wheel holds: nhp_planner's own, and ``resources/`` as nhp_planner.resources.

Everything else is in pyproject.toml. This file exists because a ``packages.find`` table
there cannot add a package that lives outside ``nhp_planner/`` (the top-level ``resources/``
is mapped in by ``package-dir``), and listing every subpackage by hand would drop new ones.
"""

from setuptools import find_packages, setup

RESOURCES = ["nhp_planner.resources", "nhp_planner.resources.fonts", "nhp_planner.resources.icons"]

setup(packages=[*find_packages(include=["nhp_planner*"]), *RESOURCES])

"""The layers point one way: model and io know nothing of Qt; nothing imports the ui."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (layers, and no Qt below the ui)."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "lint-imports"),
            "--config",
            str(REPO / "pyproject.toml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_model_and_io_do_not_load_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import nhp_planner.model, nhp_planner.io\n"
        "for pkg in (nhp_planner.model, nhp_planner.io):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import nhp_planner.cli, nhp_planner.sample\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_command_line_does_not_load_heavy_libraries_it_does_not_need() -> None:
    """`summary` starts fast: no Qt, Excel or PDF library, and never pandas."""
    code = (
        "import sys\n"
        "from nhp_planner.cli import main\n"
        "main(['summary', '--sample'])\n"
        "heavy = {'PySide6', 'openpyxl', 'reportlab', 'pandas', 'numpy'}\n"
        "loaded = sorted(heavy & {m.split('.')[0] for m in sys.modules})\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr

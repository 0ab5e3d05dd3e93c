"""Running the command line inside a test: its exit code and what it printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``nhp-planner ARGS`` in this process: the exit code, stdout and stderr."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err

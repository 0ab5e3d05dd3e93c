"""PySide6 6.12 hands None back from void methods without a reference (see nhp_planner/ui)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel

import nhp_planner.ui  # noqa: F401 (the workaround lives in the package's __init__)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_cannot_wear_none_out(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(20_000):  # enough to abort Python without the workaround
        label.setEnabled(True)
    assert sys.getrefcount(None) > 1 << 39
    assert before - sys.getrefcount(None) <= 20_000

"""Small dialogs, built and filled as a person would, never exec()'d."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.lead_file_dialog import LeadFileDialog
from nhp_planner.ui.new_plan_dialog import NewPlanDialog


def test_new_plan_dialog(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = NewPlanDialog(tmp_path, dt.date(2024, 4, 15))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.period.currentText() == "April 2024"
    assert not ok.isEnabled()  # nowhere to keep it yet
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: tmp_path / "ours.nhp")
    qtbot.keyClicks(dialog.force, "Harrowdale Constabulary")
    dialog._on_choose_clicked()
    assert ok.isEnabled()
    ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    request = dialog.request()
    assert request.path == tmp_path / "ours.nhp"
    assert request.period == ReportingPeriod(2024, 4)
    assert request.force == "Harrowdale Constabulary"
    assert request.owner is None


def test_lead_file_dialog_for_one_lead(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = LeadFileDialog(tmp_path / "tracker", ["Insp. Priya Shah", "Dan Whitley"])
    qtbot.addWidget(dialog)
    assert dialog.request().lead is None  # everyone
    assert dialog.request().path == tmp_path / "tracker.xlsx"
    dialog.lead.setCurrentIndex(2)
    assert dialog.request().lead == "Dan Whitley"

"""File ▸ Import Findings or Actions and the registers' exports, from the window (issue 20)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from nhp_planner.io.plan_json import dump_store
from nhp_planner.io.registers.trackers import read_register_tracker
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.main_window import MainWindow
from tests.registers.sppc_2024_02 import OUTSTANDING_REFERENCES
from tests.ui.conftest import Answers

AGENDA_HEADER = ("No.", "Meeting Date & Reference", "Action", "Owner", "Status")


def _agenda_table(path: Path, rows: tuple[tuple[str, ...], ...] = OUTSTANDING_REFERENCES) -> Path:
    """The outstanding references as the agenda pack lays them out, a title above."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Outstanding refs"
    sheet.append(["OUTSTANDING REFERENCES"])
    sheet.append([])
    sheet.append(list(AGENDA_HEADER))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _wait_for_jobs(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)


def _import(qtbot: QtBot, window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_dialogs, "ask_register_source", lambda *args: path)
    window.action("import_register").trigger()
    _wait_for_jobs(qtbot, window)


def test_the_agenda_packs_table_imports_after_saying_what_it_would_do(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.session is not None
    store = window.session.store
    path = _agenda_table(tmp_path / "refs.xlsx")

    answers.confirm = False
    _import(qtbot, window, path, monkeypatch)
    assert answers.confirmations == ["Import 3 items from refs.xlsx into January 2024?"]
    assert store.actions.items() == []

    answers.confirm = True
    _import(qtbot, window, path, monkeypatch)
    numbers = [a.number for a in store.actions.items()]
    assert sorted(numbers) == ["10/2023/P", "7/2023/P", "8/2023/P"]
    assert "Imported refs.xlsx" in window.statusBar().currentMessage()
    tabs = window.registers
    tabs.setCurrentIndex(2)
    assert tabs.action_view.proxy.rowCount() == 3  # the tab reads the plan as it now is
    assert answers.errors == []


def test_a_row_that_cannot_be_read_says_where_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.session is not None
    before = dump_store(window.session.store)
    bad = (*OUTSTANDING_REFERENCES[:1], (*OUTSTANDING_REFERENCES[1][:4], "Awaiting the strategy"))
    _import(qtbot, window, _agenda_table(tmp_path / "bad.xlsx", bad), monkeypatch)
    [(what, why)] = answers.errors
    assert what == "“bad.xlsx” could not be read."
    assert "sheet 'Outstanding refs', row 5, column E (Status)" in why
    assert answers.confirmations == []
    assert dump_store(window.session.store) == before


def test_a_register_exports_as_a_tracker_that_reads_back(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _import(qtbot, window, _agenda_table(tmp_path / "refs.xlsx"), monkeypatch)
    out = tmp_path / "out.xlsx"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: out)
    window.action("export_actions").trigger()
    reading = read_register_tracker(out)
    assert sorted(a.number for a in reading.registers.actions) == [
        "10/2023/P",
        "7/2023/P",
        "8/2023/P",
    ]
    assert f"to {out}" in window.statusBar().currentMessage()
    assert answers.errors == []

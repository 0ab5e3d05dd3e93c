"""Issue 17: the window on a 1366x768 laptop and at 150%: what got in the way, each fixed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QProgressDialog, QScrollArea
from pytestqt.qtbot import QtBot

from nhp_planner.io import importing
from nhp_planner.io.importing import SourceReading
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.roles import OVERDUE_ROLE
from tests.fixture_files import FIXTURE_XLSX
from tests.ui.conftest import SAMPLE_TODAY


def _refs(window: MainWindow, count: int) -> list[str]:
    model = window.table.model()
    return [model.index(row, Column.REF).data() for row in range(count)]


def test_the_sort_order_shown_is_the_one_kept_on_the_next_start(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    first = make_window(plan_file)
    before = _refs(first, 3)
    header = first.table.horizontalHeader()
    first_indicator = (header.sortIndicatorSection(), header.sortIndicatorOrder())
    first.close()
    second = make_window(plan_file)
    header = second.table.horizontalHeader()
    assert _refs(second, 3) == before
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == first_indicator
    proxy = second.table.model()
    assert (proxy.sort_column(), proxy.sort_order()) == first_indicator


def test_the_reading_progress_is_gone_before_the_import_preview_opens(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect 1: "Reading … 0%" stayed on top of the preview and took every click."""
    release = threading.Event()
    slow_read = importing.read_source

    def read_when_released(path: Path) -> SourceReading:
        release.wait(10)
        return slow_read(path)

    progress_left: list[list[QProgressDialog]] = []

    def preview_shown(parent: object, preview: object, *, new_plan: bool = False) -> bool:
        progress_left.append([d for d in window.findChildren(QProgressDialog) if d.isVisible()])
        return False

    monkeypatch.setattr(importing, "read_source", read_when_released)
    monkeypatch.setattr("nhp_planner.ui.import_dialog.ask_import_confirmation", preview_shown)
    window.import_file(FIXTURE_XLSX)
    # The progress dialog shows itself once reading takes longer than a moment.
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)), timeout=5000
    )
    release.set()
    qtbot.waitUntil(lambda: bool(progress_left), timeout=10000)
    assert progress_left == [[]]


@pytest.mark.parametrize("size", [(1366, 740), (910, 480)], ids=["1366x768", "1366x768 at 150%"])
def test_dates_the_progress_line_and_the_editor_fit_a_laptop(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    size: tuple[int, int],
) -> None:
    """Defect 3: at 150% the editor was cut off sideways and overdue dates read "30/06…"."""
    window = make_window(sample_file, SAMPLE_TODAY)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() <= size[0])
    table = window.table
    bold = QFont(table.font())
    bold.setBold(True)
    model = table.model()
    date_room = table.columnWidth(Column.DATE)
    for row in range(model.rowCount()):
        text = model.index(row, Column.DATE).data() or ""
        needed = QFontMetrics(bold).horizontalAdvance(text) + (
            16 if model.index(row, Column.DATE).data(OVERDUE_ROLE) else 0
        )
        assert needed < date_room, f"{text!r} is cut short in {date_room} pixels"
    label = window.progress_label
    assert "show them" in label.text()
    assert label.height() >= label.heightForWidth(label.width()) > 0
    # The editor's fields take its pane's width: nothing beyond its right edge.
    editor = window.editor
    scroll = editor.findChild(QScrollArea)
    assert scroll is not None
    page = scroll.widget()
    assert page.width() <= scroll.viewport().width()
    right = editor.history_button.mapTo(editor, editor.history_button.rect().topRight())
    assert right.x() < editor.width()

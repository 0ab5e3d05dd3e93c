"""The registers in the window: tabs beside the deliverables, edits undoable, links both ways."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from nhp_planner.model.store.findings import FindingRegister
from nhp_planner.ui.commands import SetSummaryPositionCommand
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.register_view import ITEM_ROLE, RegisterView
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items

FEB = ReportingPeriod(2024, 2)


def _with_registers(plan_file: Path) -> Path:
    with PlanStore.open(plan_file, user="tester") as store:
        store.start_period(FEB)
        refs = {d.ref: d.id for d in store.deliverables()}
        for item in peel_2022_items():
            links = (refs["0.1"], refs["0.4"]) if item.ref == "1" else ()
            store.findings.add(replace(item, deliverable_ids=links))
        for action in outstanding_references():
            store.actions.add(action)
    return plan_file


def _rows(view: RegisterView) -> list[str]:
    return [view.proxy.index(row, 0).data(ITEM_ROLE).label for row in range(view.proxy.rowCount())]


def test_the_registers_are_tabs_beside_the_deliverables_with_links_both_ways(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(_with_registers(plan_file))
    tabs = window.registers
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Deliverables",
        "Inspectorate findings",
        "Committee actions",
    ]
    findings = tabs.finding_view
    assert _rows(findings) == []  # read only once its tab is shown
    tabs.setCurrentIndex(1)
    assert len(_rows(findings)) == 12
    model = findings.proxy
    delivered_by = next(
        model.index(0, c).data() for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Delivered by"
    )  # fmt: skip
    assert delivered_by == "0.1, 0.4"
    window.select_deliverable(
        next(d.id for d in window.session.store.deliverables() if d.ref == "0.4")
    )
    qtbot.waitUntil(lambda: tabs.answers.text() == "Answers AFI 1 (PEEL 2022)")
    # A header click sorts by the register's own order: AFI 9, AFI 10, not AFI 1, AFI 10.
    findings.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _rows(findings)[:4] == [
        "AFI 12 (PEEL 2022)",
        "AFI 11 (PEEL 2022)",
        "AFI 10 (PEEL 2022)",
        "AFI 9 (PEEL 2022)",
    ]
    findings.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _rows(findings)[:2] == ["AFI 1 (PEEL 2022)", "AFI 2 (PEEL 2022)"]
    findings.filter.setText("sex offenders")
    assert _rows(findings) == ["AFI 4 (PEEL 2022)"]
    findings.filter.clear()
    tabs.setCurrentIndex(2)
    assert _rows(tabs.action_view) == ["Action 7/2023/P", "Action 8/2023/P", "Action 10/2023/P"]


def test_an_edit_in_the_register_editor_is_one_undo_step(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(_with_registers(plan_file))
    session = window.session
    assert session is not None
    window.registers.setCurrentIndex(2)
    view = window.registers.action_view
    assert view.select(session.store.actions.items()[0].id)
    editor = view.editor
    editor.fields["status"].setCurrentText("Complete")
    editor.fields["due_text"].setText("April/May 2024")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    victim = session.store.actions.items()[0]
    assert victim.status is ActionStatus.COMPLETE and victim.due_text == "April/May 2024"
    assert session.undo_stack.undoText() == "Edit Action 7/2023/P"
    # Link a deliverable by finding it and ticking it in the list.
    links = editor.deliverables
    links.search.setText("1.2")
    shown = links.proxy
    row = next(r for r in range(shown.rowCount()) if shown.index(r, 0).data().startswith("1.2 "))
    shown.setData(shown.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert links.summary.text() == "Linked: 1.2"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    refs = {d.id: d.ref for d in session.store.deliverables()}
    assert [refs[i] for i in session.store.actions.items()[0].deliverable_ids] == ["1.2"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    restored = session.store.actions.items()[0]
    assert restored.status is ActionStatus.IN_PROGRESS and restored.due_text == ""
    assert restored.due_history == () and restored.deliverable_ids == ()
    qtbot.waitUntil(lambda: editor.fields["status"].currentText() == "In progress")
    session.undo_stack.redo()
    assert session.store.actions.items()[0].status is ActionStatus.COMPLETE


def test_add_and_delete_then_undo_and_the_period_selector_applies(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(_with_registers(plan_file))
    session = window.session
    assert session is not None
    window.registers.setCurrentIndex(1)
    view = window.registers.finding_view
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert len(session.store.findings.items()) == 13
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(session.store.findings.items()) == 12
    session.undo_stack.undo()
    assert len(_rows(view)) == 13
    session.show_period(ReportingPeriod(2024, 1))
    qtbot.waitUntil(lambda: _rows(view) == [])
    assert not view.add_button.isEnabled()
    session.show_period(FEB)
    qtbot.waitUntil(lambda: len(_rows(view)) == 13)


def test_the_links_are_read_once_per_period_and_again_after_a_register_edit(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(_with_registers(plan_file))
    session = window.session
    assert session is not None
    tabs = window.registers
    reads = {"n": 0}
    original = FindingRegister.items

    def counted(self: FindingRegister, *args: Any, **kwargs: Any) -> list[Any]:
        reads["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FindingRegister, "items", counted)
    refs = {d.ref: d.id for d in session.store.deliverables()}
    for ref in ("0.4", "1.1", "1.2", "0.1"):
        window.select_deliverable(refs[ref])
    qtbot.waitUntil(lambda: tabs.answers.text() == "Answers AFI 1 (PEEL 2022)")
    assert reads["n"] <= 1
    # A deliverable edit leaves the links as they were; a register edit reads them again.
    deliverable = session.store.deliverable(refs["0.1"])
    session.push(SetSummaryPositionCommand(session, deliverable, "Launched."))
    window.select_deliverable(refs["0.4"])
    assert reads["n"] <= 1
    tabs.setCurrentIndex(1)
    view = tabs.finding_view
    assert view.select(session.store.findings.items()[0].id)
    view.editor.deliverables.set_checked([refs["0.1"]])
    qtbot.mouseClick(view.editor.save_button, Qt.MouseButton.LeftButton)
    tabs.setCurrentIndex(0)
    window.select_deliverable(refs["0.4"])
    qtbot.waitUntil(lambda: tabs.answers.text() == "")
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: tabs.answers.text() == "Answers AFI 1 (PEEL 2022)")


def test_a_register_tab_has_the_room_of_the_deliverable_pane_and_shows_its_form_whole(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(_with_registers(plan_file))
    window.resize(1366, 700)  # a laptop
    tabs = window.registers
    assert window.editor.isVisible()
    for index, view in ((1, tabs.finding_view), (2, tabs.action_view)):
        tabs.setCurrentIndex(index)
        # The deliverable's editor is another tab's: the register's own editor has its room.
        qtbot.waitUntil(lambda: not window.editor.isVisible())
        scroller = view.editor.parentWidget().parentWidget()
        assert scroller.viewport().width() >= view.editor.minimumSizeHint().width()
        header = view.table.horizontalHeader()
        for number in range(header.count()):  # every title whole
            assert header.sectionSize(number) >= header.sectionSizeHint(number)
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(window.editor.isVisible)


def test_a_register_is_made_when_its_tab_is_first_clicked_and_works_at_once(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(_with_registers(plan_file))
    tabs = window.registers
    # The window starts with the deliverables' tab only: the registers' pages are empty.
    assert tabs.widget(1).findChild(RegisterView) is None
    assert tabs.widget(2).findChild(RegisterView) is None
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    view = tabs.widget(1).findChild(RegisterView)
    assert view is tabs.finding_view
    qtbot.waitUntil(lambda: view.table.isVisible() and len(_rows(view)) == 12)
    assert view.editor.isVisible() and view.current_item() is not None
    assert tabs.widget(2).findChild(RegisterView) is None  # the other waits for its own tab
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and len(window.session.store.findings.items()) == 13
    qtbot.waitUntil(lambda: len(_rows(view)) == 13)

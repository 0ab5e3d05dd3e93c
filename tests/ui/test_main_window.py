"""The real window, driven as a person would: select, type, choose, undo, filter, add, delete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QTextCursor
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import settings
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.roles import OBJECT_ROLE, OVERDUE_ROLE
from tests.ui.conftest import SAMPLE_TODAY, TODAY, Answers


def _stored(window: MainWindow, ref: str) -> object:
    assert window.session is not None
    return next(d for d in window.session.store.deliverables() if d.ref == ref)


def _click_row(qtbot: QtBot, window: MainWindow, ref: str) -> None:
    """Click the deliverable's row in the table, as a person would."""
    table = window.table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, Column.REF).data() == ref)
    index = model.index(row, Column.DELIVERABLE)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    assert window.editor.deliverable is not None
    assert window.editor.deliverable.ref == ref


def _shown_refs(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [model.index(r, Column.REF).data() for r in range(model.rowCount())]


def test_opens_on_the_first_deliverable(window: MainWindow) -> None:
    assert window.editor.deliverable is not None
    assert window.editor.deliverable.ref == "0.1"
    assert (
        window.windowTitle().startswith("NHP Delivery Plan")
        or "January 2024" in window.windowTitle()
    )
    assert window.period_box.currentText().startswith("January 2024")
    assert window.shown_label.text() == "55 deliverables"
    assert "38 GREEN · 17 AMBER · 0 RED · 0 Not rated" in window.totals_label.text()
    assert not window.banner.isVisible()


def test_type_a_summary_and_it_saves_itself(qtbot: QtBot, window: MainWindow) -> None:
    _click_row(qtbot, window, "2.3")
    before = _stored(window, "2.3").summary_position  # type: ignore[attr-defined]
    summary = window.editor.summary
    summary.setFocus()
    summary.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(summary, " Reviewed in April.")
    # Saved after a short pause in typing, with no Save to press.
    qtbot.waitUntil(
        lambda: _stored(window, "2.3").summary_position == before + " Reviewed in April."  # type: ignore[attr-defined]
    )
    assert window.action("undo").isEnabled()
    assert window.action("undo").text() == "&Undo Edit summary position of 2.3"


def test_change_summary_and_rag_then_undo_and_redo(qtbot: QtBot, window: MainWindow) -> None:
    _click_row(qtbot, window, "1.4")
    original = _stored(window, "1.4")
    editor = window.editor
    editor.summary.setFocus()
    editor.summary.selectAll()
    qtbot.keyClicks(editor.summary, "Delayed by the new contract.")
    # Choosing the RAG saves what was typed first, then the RAG: two undo steps.
    editor.rag.setFocus()
    editor.rag.setCurrentIndex(editor.rag.findData(Rag.AMBER))
    editor.rag.activated.emit(editor.rag.currentIndex())
    changed = _stored(window, "1.4")
    assert changed.summary_position == "Delayed by the new contract."  # type: ignore[attr-defined]
    assert changed.rag is Rag.AMBER  # type: ignore[attr-defined]
    assert (
        window.table.model().index(_shown_refs(window).index("1.4"), Column.RAG).data() == "AMBER"
    )

    window.action("undo").trigger()
    assert _stored(window, "1.4").rag is Rag.GREEN  # type: ignore[attr-defined]
    assert editor.rag.currentData() is Rag.GREEN
    window.action("undo").trigger()
    assert _stored(window, "1.4").summary_position == original.summary_position  # type: ignore[attr-defined]
    assert editor.summary.toPlainText() == original.summary_position  # type: ignore[attr-defined]
    assert not window.action("undo").isEnabled()

    window.action("redo").trigger()
    window.action("redo").trigger()
    again = _stored(window, "1.4")
    assert (again.summary_position, again.rag) == ("Delayed by the new contract.", Rag.AMBER)  # type: ignore[attr-defined]


def test_ctrl_z_in_the_editor_undoes_the_typing_as_one_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    _click_row(qtbot, window, "3.2")
    before = _stored(window, "3.2").date_text  # type: ignore[attr-defined]
    date = window.editor.date
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "30/06/2024")
    assert "due 30 Jun 2024" in window.editor.date_reading.text()  # read live, as typed
    qtbot.keyClick(date, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window, "3.2").date_text == before  # type: ignore[attr-defined]
    assert date.text() == before
    assert window.session is not None
    assert window.session.undo_stack.count() == 1  # the typing was kept, as one step, to redo
    qtbot.keyClick(
        date, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _stored(window, "3.2").date_text == "30/06/2024"  # type: ignore[attr-defined]


def test_date_reading_says_overdue(qtbot: QtBot, window: MainWindow) -> None:
    _click_row(qtbot, window, "0.3")  # AMBER, 31/03/2024, and "today" is 15 April 2024
    assert window.editor.date_reading.text() == "⚠ Reads as: due 31 Mar 2024, overdue by 15 days"
    window.editor.date.setFocus()
    window.editor.date.selectAll()
    qtbot.keyClicks(window.editor.date, "sometime soon")
    assert window.editor.date_reading.text() == "⚠ Reads as: could not read this date"
    window.editor.date.selectAll()
    qtbot.keyClicks(window.editor.date, "Ongoing")
    assert window.editor.date_reading.text() == "Reads as: ongoing"


def test_filters(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.filter_bar
    qtbot.keyClicks(bar.search, "community")
    shown = _shown_refs(window)
    assert 0 < len(shown) < 55
    assert window.shown_label.text() == f"Showing {len(shown)} of 55 deliverables"
    assert window.editor.deliverable is not None
    assert window.editor.deliverable.ref == shown[0]  # the first match is shown at once

    bar.search.clear()
    qtbot.mouseClick(bar.rag_buttons[Rag.AMBER], Qt.MouseButton.LeftButton)
    assert len(_shown_refs(window)) == 17
    assert window.totals_label.text().startswith("0 GREEN · 17 AMBER")
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton)
    overdue = _shown_refs(window)
    assert overdue and "0.3" in overdue
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(_shown_refs(window)) == 55

    objectives = window.objective_list
    objectives.setCurrentIndex(objectives.model().index(objectives.model().row_of_number(2), 0))
    assert _shown_refs(window) == [f"2.{n}" for n in range(1, 11)]


def test_lead_filter_on_the_sample_plan(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    lead = window.filter_bar.lead
    leads = [lead.itemText(i) for i in range(lead.count())]
    assert leads[0] == "All leads"
    chosen = leads[1]
    lead.setCurrentIndex(1)
    rows = [
        window.table.model().index(r, 0).data(OBJECT_ROLE)
        for r in range(window.table.model().rowCount())
    ]
    assert rows and all(d.lead == chosen for d in rows)


def test_sort_by_clicking_a_heading(qtbot: QtBot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    position = header.sectionViewportPosition(Column.RAG) + header.sectionSize(Column.RAG) // 2
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().center().__class__(position, 5),
    )
    rags = [window.table.model().index(r, 0).data(OBJECT_ROLE).rag for r in range(55)]
    assert rags == sorted(rags, key=lambda rag: rag.rank) or rags == sorted(
        rags, key=lambda rag: -rag.rank
    )


def test_add_and_delete_deliverables(qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    objectives = window.objective_list
    objectives.setCurrentIndex(objectives.model().index(objectives.model().row_of_number(3), 0))
    window.action("add_deliverable").trigger()
    assert window.editor.deliverable is not None
    added = window.editor.deliverable
    assert added.ref == "3.12"
    assert QApplication.focusWidget() is window.editor.commitment
    qtbot.keyClicks(window.editor.commitment, "We will open a new front counter.")
    window.editor.commit_pending()
    assert _stored(window, "3.12").commitment == "We will open a new front counter."  # type: ignore[attr-defined]

    _click_row(qtbot, window, "3.12")
    window.action("delete_deliverable").trigger()
    assert answers.confirmations == ["Delete deliverable 3.12?"]
    assert window.session is not None
    assert "3.12" not in {d.ref for d in window.session.store.deliverables()}
    window.action("undo").trigger()
    assert _stored(window, "3.12").commitment == "We will open a new front counter."  # type: ignore[attr-defined]


def test_declining_the_confirmation_deletes_nothing(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    answers.confirm = False
    _click_row(qtbot, window, "1.1")
    window.action("delete_deliverable").trigger()
    assert answers.confirmations == ["Delete deliverable 1.1?"]
    assert window.session is not None
    assert len(window.session.store.deliverables()) == 55


def test_move_a_deliverable_down_and_back(qtbot: QtBot, window: MainWindow) -> None:
    _click_row(qtbot, window, "1.9")
    moving = window.editor.deliverable
    assert moving is not None
    window.action("move_deliverable_down").trigger()
    assert window.session is not None
    assert window.session.store.deliverable(moving.id).ref == "1.10"
    assert window.editor.deliverable is not None and window.editor.deliverable.id == moving.id
    assert _shown_refs(window).index("1.10") == _shown_refs(window).index("1.9") + 1
    window.action("undo").trigger()
    assert window.session.store.deliverable(moving.id).ref == "1.9"


def test_rag_edited_in_the_table(qtbot: QtBot, window: MainWindow) -> None:
    model = window.table.model()
    row = _shown_refs(window).index("4.1")
    assert model.setData(model.index(row, Column.RAG), Rag.RED)
    assert _stored(window, "4.1").rag is Rag.RED  # type: ignore[attr-defined]
    assert window.action("undo").text() == "&Undo Set RAG of 4.1 to RED"


def test_keyboard_find_and_focus(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.filter_bar.search
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.editor.commitment
    qtbot.keyClick(window.editor.commitment, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.editor.lead
    qtbot.keyClick(window.editor.lead, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.editor.rag
    # Every action declared with keys has them (an empty QKeySequence is truthy in PySide6,
    # so isEmpty() is the real test); File ▸ Quit among them.
    keyed = [spec.name for spec in window.action_specs if spec.shortcut is not None]
    assert "quit" in keyed
    for name in keyed:
        assert not window.action(name).shortcut().isEmpty(), name


def test_every_control_has_a_name_for_screen_readers(window: MainWindow) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit, QListView, QPlainTextEdit, QTableView

    for kind in (QLineEdit, QPlainTextEdit, QComboBox, QTableView, QListView):
        for widget in window.findChildren(kind):
            if widget.isVisible() and widget.parent() is not None:
                assert widget.accessibleName(), widget


def test_sample_plan_is_marked_and_offers_a_way_out(
    make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from nhp_planner.sample import sample_plan_file

    window = make_window(sample_plan_file(), SAMPLE_TODAY)
    assert "(sample)" in window.windowTitle()
    assert window.banner.isVisible()
    assert "sample plan" in window.banner.text.text()
    assert window.banner.new_plan.isVisible() and window.banner.import_tracker.isVisible()
    asked: list[str] = []
    monkeypatch.setattr(
        "nhp_planner.ui.new_plan_dialog.ask_new_plan", lambda *args: asked.append("new") or None
    )
    window.banner.new_plan.click()
    assert asked == ["new"]


def test_new_plan(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.ui.new_plan_dialog import NewPlanRequest

    window = make_window(plan_file)
    target = tmp_path / "mine.nhp"
    request = NewPlanRequest(
        target, "Our plan", "Harrowdale", "Chief Inspector", ReportingPeriod(2024, 4)
    )
    monkeypatch.setattr("nhp_planner.ui.new_plan_dialog.ask_new_plan", lambda *args: request)
    window.action("new_plan").trigger()
    assert window.session is not None and window.session.path == target
    assert window.windowTitle().startswith("Our plan – April 2024")
    assert window.shown_label.text() == "0 deliverables"
    window.action("add_deliverable").trigger()
    assert [d.ref for d in window.session.store.deliverables()] == ["1.1"]


def test_window_remembers_size_splitters_and_last_plan(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    window = make_window(plan_file)
    window.resize(760, 480)  # Qt's offscreen screen is 800 x 600; restoring fits to it
    window.splitter.setSizes([300, 500, 300])
    sizes = window.splitter.sizes()
    window.close()
    stored = settings.app_settings()
    assert settings.last_plan(stored) == plan_file.resolve()
    assert settings.recent_plans(stored)[0] == plan_file.resolve()
    again = make_window(None)
    assert (again.width(), again.height()) == (760, 480)
    assert again.splitter.sizes() == sizes


def test_open_recent(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path, sample_file: Path
) -> None:
    window = make_window(plan_file)
    assert window.open_plan(sample_file)
    window.files.fill_recent_menu()
    names = [action.text() for action in window.files.recent_menu.actions()]
    assert names[:2] == [f"&1 {sample_file.name}", f"&2 {plan_file.name}"]
    window.files.recent_menu.actions()[1].trigger()
    assert window.session is not None and window.session.path == plan_file


def test_a_file_that_is_not_a_plan(
    make_window: Callable[..., MainWindow], tmp_path: Path, answers: Answers
) -> None:
    window = make_window(None)
    junk = tmp_path / "notes.nhp"
    junk.write_text("not a plan")
    assert not window.open_plan(junk)
    assert answers.errors and answers.errors[0][0] == "The plan “notes.nhp” could not be opened."


def test_second_window_on_the_same_plan_is_read_only(
    make_window: Callable[..., MainWindow], plan_file: Path, answers: Answers
) -> None:
    first = make_window(plan_file)
    second = make_window(plan_file)
    assert answers.read_only_asked == [plan_file]
    assert second.session is not None and second.session.read_only
    assert "(read-only)" in second.windowTitle()
    assert second.banner.isVisible() and "read-only" in second.banner.text.text()
    assert not second.action("add_deliverable").isEnabled()
    assert second.editor.summary.isReadOnly()
    assert not second.editor.rag.isEnabled()
    assert first.session is not None and not first.session.read_only
    first.close()
    third = make_window(plan_file)  # the first window let go of the plan
    assert third.session is not None and not third.session.read_only


def test_declining_read_only_leaves_the_window_as_it_was(
    make_window: Callable[..., MainWindow], plan_file: Path, sample_file: Path, answers: Answers
) -> None:
    make_window(plan_file)
    answers.open_read_only = False
    other = make_window(sample_file)
    assert not other.open_plan(plan_file)
    assert other.session is not None and other.session.path == sample_file
    with PlanStore.open(plan_file) as store:  # the plan is untouched
        assert len(store.deliverables()) == 55


def test_rename_an_objective_in_the_list(qtbot: QtBot, window: MainWindow) -> None:
    objectives = window.objective_list
    model = objectives.model()
    index = model.index(model.row_of_number(2), 0)
    objectives.setCurrentIndex(index)
    objectives.setFocus()
    window.action("rename_objective").trigger()
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not objectives
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Protect vulnerable people")
    window.table.setFocus()  # leaving the field keeps what was typed
    assert window.session is not None
    titles = {o.number: o.title for o in window.session.store.objectives()}
    assert titles[2] == "Protect vulnerable people"
    assert index.data() == "2. Protect vulnerable people"
    window.action("undo").trigger()
    assert {o.number: o.title for o in window.session.store.objectives()}[2] is None


def test_move_an_objective_keeps_it_chosen(qtbot: QtBot, window: MainWindow) -> None:
    objectives = window.objective_list
    model = objectives.model()
    objectives.setCurrentIndex(model.index(model.row_of_number(3), 0))
    assert _shown_refs(window)[0] == "3.1"
    window.action("move_objective_up").trigger()
    assert objectives.currentIndex().data().startswith("2. Provide a flow")
    # The filter follows the objective, now number 2, and its deliverables are 2.x.
    assert _shown_refs(window)[:2] == ["2.1", "2.2"]
    assert len(_shown_refs(window)) == 11
    window.action("undo").trigger()
    assert objectives.currentIndex().data().startswith("3. Provide a flow")
    assert len(_shown_refs(window)) == 11


def test_not_yet_updated_filter(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    qtbot.mouseClick(window.filter_bar.not_updated, Qt.MouseButton.LeftButton)
    rows = [
        window.table.model().index(r, 0).data(OBJECT_ROLE)
        for r in range(window.table.model().rowCount())
    ]
    assert rows and all(d.updated_at is None for d in rows)
    assert all(
        window.table.model().index(r, Column.UPDATED).data() == "not yet" for r in range(len(rows))
    )


def test_typing_is_kept_when_another_deliverable_is_deleted(
    qtbot: QtBot, window: MainWindow
) -> None:
    _click_row(qtbot, window, "4.4")
    window.editor.summary.setFocus()
    window.editor.summary.selectAll()
    qtbot.keyClicks(window.editor.summary, "Typed just before a delete")
    window.action("delete_deliverable").trigger()  # deletes 4.4 itself, after saving the typing
    assert window.session is not None
    window.action("undo").trigger()
    assert _stored(window, "4.4").summary_position == "Typed just before a delete"  # type: ignore[attr-defined]


def test_tab_order_in_the_filter_bar(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.filter_bar
    expected = [
        bar.search,
        bar.lead,
        *bar.rag_buttons.values(),
        bar.overdue,
        bar.not_updated,
        bar.clear_button,
    ]
    seen = [bar.search]
    widget = bar.search.nextInFocusChain()
    while widget is not bar.search and len(seen) < len(expected):
        if widget in expected:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == expected


def test_a_long_lead_shows_from_its_start(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    """On a narrow pane "Dan Whitley, Performance & Analysis" read "itley, Performance & …"."""
    window = make_window(sample_file, SAMPLE_TODAY)
    _click_row(qtbot, window, "0.3")
    lead = window.editor.lead
    assert lead.text() and lead.cursorPosition() == 0


def test_opening_a_plan_works_the_status_line_out_once(
    make_window: Callable[..., MainWindow], sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22: opening asked for the progress line three times and the counts as often;
    they are worked out once, for the plan as shown, and follow the filters after."""
    from nhp_planner.ui import status_line
    from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy

    progress_lines: list[object] = []
    counted: list[object] = []

    progress = status_line.UpdateProgress

    def counting_progress(*args: object) -> object:
        progress_lines.append(args)
        return progress(*args)  # type: ignore[arg-type]

    shown_facts = DeliverableSortProxy.shown_facts

    def counting_facts(proxy: DeliverableSortProxy) -> object:
        counted.append(proxy)
        return shown_facts(proxy)

    monkeypatch.setattr(status_line, "UpdateProgress", counting_progress)
    monkeypatch.setattr(DeliverableSortProxy, "shown_facts", counting_facts)
    window = make_window(sample_file)
    assert len(progress_lines) == 1
    assert len(counted) == 1
    assert window.session is not None
    total = len(window.session.deliverables.deliverables())
    assert f"of {total} not yet updated for" in window.progress_label.text()
    assert window.shown_label.text() == f"{total} deliverables"
    assert window.totals_label.text().endswith("overdue")

    lead = window.filter_bar.lead.itemText(1)
    window.filter_bar.lead.setCurrentIndex(1)
    assert len(progress_lines) == 2
    assert f"({lead})" in window.progress_label.text()
    assert window.shown_label.text().startswith("Showing ")


def test_the_warning_sign_is_drawn_only_where_one_is_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, plan_file: Path
) -> None:
    """Issue 22: the style's warning sign costs some 12 ms; building the window does not ask."""
    asked: list[QStyle.StandardPixmap] = []
    style_class = type(QApplication.style())
    draw = style_class.standardIcon

    def counted(style: QStyle, pixmap: QStyle.StandardPixmap, *args: object) -> QIcon:
        asked.append(pixmap)
        return draw(style, pixmap, *args)

    monkeypatch.setattr(style_class, "standardIcon", counted)
    window = MainWindow(settings.app_settings(), today=lambda: TODAY)
    qtbot.addWidget(window)
    assert window.open_plan(plan_file)
    warning = QStyle.StandardPixmap.SP_MessageBoxWarning
    assert warning not in asked  # built and opened on a plan with overdue rows, not yet drawn

    model = window.table.model()
    overdue = next(
        model.index(row, Column.DATE)
        for row in range(model.rowCount())
        if model.index(row, Column.DATE).data(OVERDUE_ROLE)
    )
    assert not overdue.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert asked == [warning]
    window.conflicts_notice.show()
    assert not window.conflicts_notice.icon().isNull()
    assert asked == [warning, warning]

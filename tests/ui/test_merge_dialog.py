"""Offline copies in the window: send a copy to a lead, merge it back, resolve what clashed."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from pytestqt.qtbot import QtBot

from nhp_planner.io.plan_json import new_plan_from_document
from nhp_planner.model.entities import Deliverable
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_document
from nhp_planner.ui import screen_fit
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.lead_file_dialog import LeadFileRequest
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.merge_dialog import ConflictsDialog, MergeDialog, marked_document
from nhp_planner.ui.roles import CONFLICT_ROLE, WORD_RUNS_ROLE
from tests.fixture_files import FIXTURE_XLSX
from tests.ui.conftest import SAMPLE_TODAY, Answers

LEAD = "Insp. Priya Shah, Partnership & Prevention Hub"


@pytest.fixture
def lead_copy(sample_file: Path, tmp_path: Path) -> Path:
    """A copy sent to a lead; both sides then change 1.5's RAG differently, the lead also 2.1."""
    with PlanStore.open(sample_file, user="owner") as owner:
        copy = owner.make_copy(tmp_path / "shah.nhp", lead=LEAD)
        items = {d.ref: d for d in owner.deliverables()}
        owner.update_deliverable(items["1.5"].id, rag=Rag.RED)
    with PlanStore.open(copy, user="shah") as lead:
        lead.update_deliverable(items["1.5"].id, rag=Rag.GREEN)
        lead.update_deliverable(items["2.1"].id, summary_position="Leads named in all 28 wards.")
    return copy


def _merge_dialog(
    qtbot: QtBot, window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> MergeDialog:
    monkeypatch.setattr("nhp_planner.ui.file_dialogs.ask_merge_source", lambda *args: path)
    window.action("merge_copy").trigger()
    dialog = window.findChildren(MergeDialog)[-1]
    qtbot.waitExposed(dialog)
    return dialog


def _cells(table: object) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]
        for r in range(table.rowCount())  # type: ignore[attr-defined]
    ]


def _deliverable(window: MainWindow, ref: str):  # type: ignore[no-untyped-def]
    assert window.session is not None
    return next(d for d in window.session.store.deliverables() if d.ref == ref)


def _both_write(
    plan: Path, tmp_path: Path, owner_refs: Sequence[str], lead_refs: Sequence[str]
) -> tuple[Path, dict[str, Deliverable]]:
    """A copy of ``plan``; then the owner and the lead each write summary positions."""
    with PlanStore.open(plan, user="owner") as owner:
        copy = owner.make_copy(tmp_path / "copy.nhp")
        items = {d.ref: d for d in owner.deliverables()}
        for ref in owner_refs:
            owner.update_deliverable(items[ref].id, summary_position=f"Owner on {ref}.")
    with PlanStore.open(copy, user="lead") as lead:
        for ref in lead_refs:
            lead.update_deliverable(items[ref].id, summary_position=f"Lead on {ref}.")
    return copy, items


def test_merge_dialog_through_a_conflict_resolution(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    lead_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    dialog = _merge_dialog(qtbot, window, lead_copy, monkeypatch)
    # The dry run: what would come in, the clash named, nothing changed yet.
    assert dialog.preview_text.text().startswith("Would merge shah.nhp: 2 changes")
    rows = _cells(dialog.changes)
    assert [
        "Deliverable 2.1 (November 2026)",
        "Summary position",
        _deliverable(window, "2.1").summary_position,
        "Leads named in all 28 wards.",
    ] in rows
    assert ["Deliverable 1.5 (November 2026)", "RAG: conflict", "RED", "GREEN"] in rows
    # One row for the field in conflict: the copy's GREEN is not listed again as a change.
    assert [row[:2] for row in rows if row[0].startswith("Deliverable 1.5 ")] == [
        ["Deliverable 1.5 (November 2026)", "RAG: conflict"]
    ]
    assert _deliverable(window, "2.1").summary_position != "Leads named in all 28 wards."

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.result_text.text().startswith("Merged shah.nhp")
    assert _deliverable(window, "2.1").summary_position == "Leads named in all 28 wards."
    # Until resolved, the plan shows the later change (Shah's, as every copy does; issue 18)
    # and flags the field.
    assert _deliverable(window, "1.5").rag is Rag.GREEN
    model = window.table.model()
    refs = [model.index(r, Column.REF).data() for r in range(model.rowCount())]
    assert model.index(refs.index("1.5"), Column.REF).data(CONFLICT_ROLE) is True
    assert window.conflicts_notice.isVisible()
    assert window.conflicts_notice.text() == "1 unresolved merge conflict"

    panel = dialog.conflicts
    assert [c.label for c in panel.conflicts] == ["Deliverable 1.5 (November 2026)"]
    assert panel.mine.value.toPlainText() == "RED"
    assert panel.theirs.value.toPlainText() == "GREEN"
    assert panel.base.value.toPlainText() in {"AMBER", "GREEN", "RED", "Not rated"}
    assert panel.theirs.who.text().startswith("shah, ")
    assert panel.mine.who.text().startswith("owner, ")
    # Which value the plan shows is said where the two are: Shah's, the later change.
    assert panel.theirs.title() == "RAG in shah.nhp (shown until resolved)"
    assert panel.mine.title() == "RAG in this plan"
    assert window.session is not None
    assert window.select_deliverable(_deliverable(window, "1.5").id)
    note = window.editor.conflict_note
    assert note.isVisibleTo(window)
    assert "“RED” here, “GREEN” there" in note.text()
    assert note.text().endswith("the plan shows the later change, “GREEN”.")

    qtbot.mouseClick(panel.take_theirs, Qt.MouseButton.LeftButton)
    assert answers.errors == []
    assert panel.conflicts == []
    assert _deliverable(window, "1.5").rag is Rag.GREEN
    assert not window.conflicts_notice.isVisible()
    # Both sides' values stay in the change history.
    assert window.session is not None
    history = window.session.store.changes(_deliverable(window, "1.5").id)
    assert {"RED", "GREEN"} <= {c.new for c in history if c.field == "rag"}
    dialog.close()

    # Merging the same copy again brings nothing and changes nothing.
    again = _merge_dialog(qtbot, window, lead_copy, monkeypatch)
    assert again.preview_text.text() == "shah.nhp has no changes this plan has not already got."
    assert not again.merge_button.isEnabled()
    again.close()


def test_resolve_later_with_an_edited_value_or_all_at_once(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy, items = _both_write(sample_file, tmp_path, ("1.1", "1.2", "1.3"), ("1.1", "1.2", "1.3"))
    window = make_window(sample_file, SAMPLE_TODAY)
    merge = _merge_dialog(qtbot, window, copy, monkeypatch)
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    merge.close()

    window.action("resolve_conflicts").trigger()
    dialog = window.findChildren(ConflictsDialog)[-1]
    panel = dialog.panel
    assert len(panel.conflicts) == 3
    panel.choose(panel.conflicts[1].id)
    chosen = panel.conflicts[1]
    panel.edit_text.setPlainText("Owner and lead agree: both halves done.")
    qtbot.mouseClick(panel.use_edited, Qt.MouseButton.LeftButton)
    assert window.session is not None
    edited = window.session.store.deliverable(chosen.entity_id)
    assert edited.summary_position == "Owner and lead agree: both halves done."

    qtbot.mouseClick(panel.keep_all_mine, Qt.MouseButton.LeftButton)
    assert panel.conflicts == []
    kept = {d.ref: d.summary_position for d in window.session.store.deliverables()}
    assert sorted(v for k, v in kept.items() if k in ("1.1", "1.2", "1.3")) == sorted(
        [f"Owner on {r}." for r in ("1.1", "1.2", "1.3") if items[r].id != chosen.entity_id]
        + ["Owner and lead agree: both halves done."]
    )
    dialog.close()


def test_merging_what_is_not_a_copy_says_so_and_changes_nothing(
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    other = tmp_path / "other.nhp"
    new_plan_from_document(other, sample_document()).close()  # the same text, another plan
    window = make_window(sample_file, SAMPLE_TODAY)
    assert window.session is not None
    before = window.session.store.changes()
    for path in (other, FIXTURE_XLSX, sample_file):
        monkeypatch.setattr("nhp_planner.ui.file_dialogs.ask_merge_source", lambda *a, p=path: p)
        window.action("merge_copy").trigger()
    assert [what for what, _ in answers.errors] == [
        "“other.nhp” cannot be merged.",
        f"“{FIXTURE_XLSX.name}” cannot be merged.",
        "Nothing was merged.",
    ]
    assert "is not a copy of this plan" in answers.errors[0][1]
    assert window.findChildren(MergeDialog) == []
    assert window.session.store.changes() == before


def test_send_a_copy_to_a_lead(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    out = tmp_path / "for-shah.nhp"
    monkeypatch.setattr(
        "nhp_planner.ui.lead_file_dialog.ask_copy", lambda *args: LeadFileRequest(out, LEAD)
    )
    window.action("send_copy").trigger()
    assert out.exists()
    assert window.statusBar().currentMessage().startswith(f"Made a copy for {LEAD}")

    window.open_plan(out)
    assert window.filter_bar.chosen_lead() == LEAD
    assert window.banner.isVisible()
    # The lead's name is text, shown as typed (escaped in the banner's rich text).
    assert f"Your copy for {html.escape(LEAD)}</b>" in window.banner.text.text()
    assert "sample" not in window.banner.text.text()


def test_two_leads_adding_one_ref_are_both_kept_and_renumbered_in_one_step(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    from nhp_planner.model.entities import Deliverable

    with PlanStore.open(sample_file, user="owner") as owner:
        copies = [owner.make_copy(tmp_path / f"{who}.nhp") for who in ("shah", "jones")]
        tails = [int(d.ref.split(".")[1]) for d in owner.deliverables() if d.objective == 1]
    ref, free = f"1.{max(tails) + 1}", f"1.{max(tails) + 2}"
    for who, path in zip(("shah", "jones"), copies, strict=True):
        with PlanStore.open(path, user=who) as lead:
            lead.add_deliverable(Deliverable(ref, 1, commitment=f"We will ({who})"))
    window = make_window(sample_file, SAMPLE_TODAY)
    for path in copies:
        merge = _merge_dialog(qtbot, window, path, monkeypatch)
        qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
        merge.close()
    assert window.session is not None
    both = {d.commitment for d in window.session.store.deliverables() if d.ref == ref}
    assert both == {"We will (shah)", "We will (jones)"}

    window.action("resolve_conflicts").trigger()
    dialog = window.findChildren(ConflictsDialog)[-1]
    panel = dialog.panel
    (flag,) = panel.conflicts
    assert flag.label == f"Deliverable {ref} (November 2026)"
    assert panel.mine.value.toPlainText() == ref and panel.theirs.value.toPlainText() == free
    assert panel.list.item(0, 1).text() == "Duplicate reference"
    qtbot.mouseClick(panel.take_theirs, Qt.MouseButton.LeftButton)
    assert answers.errors == [] and panel.conflicts == []
    refs = {d.commitment: d.ref for d in window.session.store.deliverables()}
    assert sorted([refs["We will (shah)"], refs["We will (jones)"]]) == sorted([ref, free])
    assert window.session.store.deliverable(flag.entity_id).ref == free
    dialog.close()


def test_the_preview_and_the_conflicts_list_items_in_reference_order(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rows are kept by random ids: the order people read (1.9 before 1.10) is not theirs.
    refs = ("1.10", "0.2", "1.9", "1.1", "2.1", "0.1", "1.2")
    copy, _ = _both_write(sample_file, tmp_path, refs[:4], refs)
    in_order = ["0.1", "0.2", "1.1", "1.2", "1.9", "1.10", "2.1"]
    window = make_window(sample_file, SAMPLE_TODAY)
    merge = _merge_dialog(qtbot, window, copy, monkeypatch)
    rows = _cells(merge.changes)
    # Each item's rows together (its update, then its conflict), the items in order.
    assert list(dict.fromkeys(row[0].split()[1] for row in rows)) == in_order
    assert [row[0].split()[1] for row in rows if row[1].endswith("conflict")] == [
        "0.2",
        "1.1",
        "1.9",
        "1.10",
    ]
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    assert [c.label.split()[1] for c in merge.conflicts.conflicts] == ["0.2", "1.1", "1.9", "1.10"]
    merge.close()


def test_the_names_suggested_for_a_copy_and_an_export_are_safe_on_every_file_system(
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sample's title holds a colon (Windows would write the rest of the name to a hidden
    stream); a lead's name may hold a slash (which would name a folder)."""
    window = make_window(sample_file, SAMPLE_TODAY)
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr("nhp_planner.ui.lead_file_dialog.ask_copy", lambda *a: asked.append(a))
    monkeypatch.setattr("nhp_planner.ui.lead_file_dialog.ask_export", lambda *a: asked.append(a))
    window.action("send_copy").trigger()
    window.action("export_excel").trigger()
    (_, copy_path, _, name_for), (_, export_path, *_) = asked
    assert ":" in window.session.plan.title
    for name in (copy_path.name, export_path.name, name_for("Insp. A/B: Hub")):
        assert not set(name) & set('\\/:*?"<>|'), name
    assert name_for("Insp. A/B: Hub").endswith(" - Insp. A B Hub")
    assert copy_path.name.endswith("Delivery Plan copy.nhp")


def test_the_merge_preview_shows_a_long_summary_whole_with_what_the_lead_added(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cut to its start, a summary a lead added a sentence to looked unchanged."""
    with PlanStore.open(sample_file, user="owner") as owner:
        copy = owner.make_copy(tmp_path / "copy.nhp")
        item = next(d for d in owner.deliverables() if len(d.summary_position) > 120)
    added = f"{item.summary_position} Ward panels agreed the new priorities on 3 December."
    with PlanStore.open(copy, user="lead") as lead:
        lead.update_deliverable(item.id, summary_position=added)
    window = make_window(sample_file, SAMPLE_TODAY)
    dialog = _merge_dialog(qtbot, window, copy, monkeypatch)
    (row,) = [r for r in _cells(dialog.changes) if r[1] == "Summary position"]
    assert row[2:] == [item.summary_position, added]
    assert dialog.changes.wordWrap()


def _formatted(document: QTextDocument) -> list[tuple[str, str]]:
    """Each run of the document's text, and how it is marked: struck, added or plain."""
    runs = []
    block = document.begin()
    while block.isValid():
        for piece in block:
            fragment = piece.fragment()
            style = fragment.charFormat()
            if style.fontStrikeOut():
                mark = "struck"
            elif style.fontUnderline() and style.fontWeight() > 400:
                mark = "added"
            else:
                mark = "plain"
            runs.append((fragment.text(), mark))
        block = block.next()
    return runs


def test_the_merge_preview_shows_the_plans_value_beside_the_copys_with_the_changed_words_marked(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the new value was shown: what it replaced, and which words changed, never were.
    On a laptop at 150% (910 by 480 of room) both values show whole, wrapped."""
    monkeypatch.setattr(screen_fit, "_screen_area", lambda widget: QRect(0, 0, 910, 480))
    here = (
        "Ward leads named in 24 of 28 wards;\nthe last 4 by <b>January</b> &  =SUM(A1), "
        "subject to vetting of the remaining inspectors by the force vetting unit."
    )
    there = (
        "Ward leads named in all 28 wards;\nthe last 4 by <b>January</b> &  =SUM(A1), "
        "subject to vetting of the remaining inspectors by the force vetting unit. Panels "
        "agreed 3 December."
    )
    with PlanStore.open(sample_file, user="owner") as owner:
        item = next(d for d in owner.deliverables() if d.ref == "2.1")
        owner.update_deliverable(item.id, summary_position=here, rag=Rag.AMBER)
        copy = owner.make_copy(tmp_path / "copy.nhp")
    with PlanStore.open(copy, user="lead") as lead:
        lead.update_deliverable(item.id, summary_position=there, rag=Rag.RED)
    window = make_window(sample_file, SAMPLE_TODAY)
    dialog = _merge_dialog(qtbot, window, copy, monkeypatch)
    table = dialog.changes
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == [
        "Item",
        "Change",
        "In this plan",
        "In the copy",
    ]
    rows = _cells(table)
    assert ["Deliverable 2.1 (November 2026)", "Summary position", here, there] in rows
    assert ["Deliverable 2.1 (November 2026)", "RAG", "AMBER", "RED"] in rows
    r = rows.index(["Deliverable 2.1 (November 2026)", "Summary position", here, there])

    # Marked by strike-through and bold underline, not colour; the markup-like text is text.
    documents = [
        marked_document(table.item(r, c).data(WORD_RUNS_ROLE), table.font(), added=c == 3)
        for c in (2, 3)
    ]
    old, new = (_formatted(document) for document in documents)
    assert [text for text, mark in old if mark != "plain"] == ["24 of"]
    assert [text for text, mark in new if mark != "plain"] == ["all", "Panels agreed 3 December."]
    assert [d.toPlainText() for d in documents] == [here, there]
    for column in (2, 3):
        assert isinstance(table.itemDelegateForColumn(column), type(table.itemDelegateForColumn(3)))
    assert "Struck through" in dialog.marks.text() and dialog.marks.isVisible()

    # Whole and wrapped: each row is as tall as its values need at their column's width.
    assert dialog.width() <= 910
    for column, document in zip((2, 3), documents, strict=True):
        document.setTextWidth(table.columnWidth(column) - 8)
        assert document.size().height() >= 3 * QFontMetrics(table.font()).lineSpacing()
        assert table.rowHeight(r) >= document.size().height()

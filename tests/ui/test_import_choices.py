"""The import preview's choices: which sheet to read, what the tracker's status words mean."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pytestqt.qtbot import QtBot

from nhp_planner.io.importing import ImportPreview, apply_import, preview_import, read_source
from nhp_planner.model.entities import Plan
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.ui.import_dialog import ImportDialog, has_choices
from tests.io.tracker_builders import write_workbook


def tracker(path: Path) -> Path:
    live = [["Ref", "Deliverable", "Status"], ["1.1", "We will", "On track"],
            ["1.2", "We will too", "Slipping"], ["1.3", "And this", "On track"]]  # fmt: skip
    old = [["Ref", "Deliverable", "RAG"], ["1.1", "We said", "Red"], ["1.2", "We said", "Red"]]
    return write_workbook(path, [("Old plan", old), ("Plan", live)])


def test_the_person_sets_each_rag_word_and_may_choose_the_sheet(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tracker(tmp_path / "t.xlsx")
    with PlanStore.in_memory(Plan(title="Ours")) as store:

        def repreview(sheet: str | None, answers: Mapping[str, Rag]) -> ImportPreview:
            return preview_import(store, read_source(path, sheet=sheet), rag_map=answers)

        preview = repreview(None, {})
        assert has_choices(preview)
        dialog = ImportDialog(preview, None, repreview=repreview)
        qtbot.addWidget(dialog)
        assert dialog.choices is not None
        words = dialog.choices.words
        assert sorted(words) == ["On track", "Slipping"]
        # Proposed first: "On track" GREEN, "Slipping" AMBER; the person makes Slipping RED.
        assert words["On track"].currentData() is Rag.GREEN
        assert words["Slipping"].currentData() is Rag.AMBER
        # The counts show the proposed answers at once, and follow each change.
        assert dialog.preview.rag_counts()[1][Rag.GREEN] == 2
        words["Slipping"].setCurrentIndex(words["Slipping"].findText("RED"))
        assert dialog.preview.rag_counts()[1][Rag.RED] == 1

        # Another sheet: the preview shows what it holds; back again to the live plan.
        dialog.choices.sheet.setCurrentText("Old plan")
        assert "2 deliverables" in dialog.heading.text()
        dialog.choices.sheet.setCurrentText("Plan")
        assert "3 deliverables" in dialog.heading.text()

        dialog.import_button.click()
        chosen = dialog.preview
        assert chosen.questions == ()
        apply_import(store, chosen)
        assert [d.rag for d in store.deliverables()] == [Rag.GREEN, Rag.RED, Rag.GREEN]
        assert store.rag_words() == {"on track": Rag.GREEN, "slipping": Rag.RED}


def test_the_warnings_tab_lists_each_unreadable_date_once_with_its_cell_and_why(
    qtbot: QtBot, tmp_path: Path
) -> None:
    rows = [["Ref", "Deliverable", "RAG", "Due"], ["1.1", "Ward panels", "Amber", "Mid-April 2024"],
            ["1.2", "Contact points", "Green", "End of March"],
            ["1.3", "Youth plan", "Amber", "30/06/2024"]]  # fmt: skip
    path = write_workbook(tmp_path / "t.xlsx", [("Plan", rows)])
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        dialog = ImportDialog(preview_import(store, read_source(path)), None)
        qtbot.addWidget(dialog)
        table = dialog.warnings
        listed = [
            [table.item(row, column).text() for column in range(4)]
            for row in range(table.rowCount())
        ]
    assert dialog.tabs.tabText(dialog.tabs.indexOf(table)) == f"Warnings ({len(listed)})"
    # "Mid-April 2024" has no warning of its own: the tab says why it is there.
    assert ["Plan", "2", "D", "1.1: 'Mid-April 2024' cannot be read as a date, so it is kept as "
            "written and can never show as overdue"] in listed  # fmt: skip
    # "End of March" is warned of (its year is missing), once.
    end_of_march = [row for row in listed if "'End of March'" in row[3]]
    assert len(end_of_march) == 1
    assert end_of_march[0][:3] == ["Plan", "3", "D"]
    assert "year" in end_of_march[0][3]
    assert not any("30/06/2024" in row[3] for row in listed)

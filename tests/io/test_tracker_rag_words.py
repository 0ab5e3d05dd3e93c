"""The tracker's own words for RAG: its key (scores, BRAG's Blue), and words asked, not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.io.importing import (
    SourceReading,
    apply_import,
    describe_preview,
    import_into_new_plan,
    preview_import,
    read_source,
)
from nhp_planner.io.tracker.rag_words import proposed
from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.io.tracker_builders import write_workbook


def rags(reading: SourceReading) -> dict[str, Rag]:
    return {d.ref: d.rag for d in reading.document.snapshot.deliverables}


def test_a_key_of_scores(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Key"],
                        [3, "Green – Complete or on track"],
                        [2, "Amber – At risk, action in hand"],
                        [1, "Red – Off track"],
                        [],
                        ["Ref", "Deliverable", "Score"],
                        ["1.1", "We will", 3],
                        ["1.2", "We will", 2],
                        ["1.3", "We will", 1],
                    ],
                )
            ],
        )
    )
    assert rags(reading) == {"1.1": Rag.GREEN, "1.2": Rag.AMBER, "1.3": Rag.RED}
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == (
        "Complete or on track",
        "At risk, action in hand",
        "Off track",
    )
    assert reading.warnings == () and reading.rag_words == ()


def test_brag_blue_is_green_and_keeps_the_keys_wording(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Ref", "Deliverable", "BRAG"],
                        ["1.1", "We will", "Blue"],
                        ["1.2", "We will", "Green"],
                        ["1.3", "We will", "Amber"],
                        [],
                        ["Blue", "Complete"],
                        ["Green", "On track"],
                        ["Amber", "At risk of slipping"],
                        ["Red", "Off track"],
                    ],
                )
            ],
        )
    )
    assert rags(reading) == {"1.1": Rag.GREEN, "1.2": Rag.GREEN, "1.3": Rag.AMBER}
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == (
        "On track; Blue: Complete",
        "At risk of slipping",
        "Off track",
    )
    assert reading.rag_words == ()


def tracker_with_status_words(path: Path) -> Path:
    rows: list[list[object]] = [["Ref", "Deliverable", "Status"]]
    statuses = ["On track"] * 4 + ["Off track", "Not started", "Complete", "Closed", "On track"]
    rows += [[f"1.{n}", f"Item {n}", word] for n, word in enumerate(statuses, start=1)]
    return write_workbook(path, [("Plan", rows)])


def test_words_nothing_settles_are_asked_once_each(tmp_path: Path) -> None:
    reading = read_source(tracker_with_status_words(tmp_path / "t.xlsx"))
    assert [(q.word, q.count, q.proposed, q.column) for q in reading.rag_words] == [
        ("On track", 5, Rag.GREEN, "C"),
        ("Off track", 1, Rag.RED, "C"),
        ("Not started", 1, Rag.RED, "C"),
        ("Complete", 1, Rag.GREEN, "C"),
        ("Closed", 1, Rag.GREEN, "C"),
    ]
    assert str(reading.rag_words[0]) == (
        "'On track': 5 rows (sheet 'Plan', column C, rows 2–10), proposed GREEN"
    )
    assert set(rags(reading).values()) == {Rag.NOT_RATED}  # never guessed
    assert reading.warnings == ()


def test_the_preview_asks_and_the_import_is_refused_until_answered(tmp_path: Path) -> None:
    reading = read_source(tracker_with_status_words(tmp_path / "t.xlsx"))
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        preview = preview_import(store, reading)
        text = describe_preview(preview, applied=False)
        assert (
            "  5 RAG words to say the meaning of (nothing is imported until each is answered):"
            in text
        )
        assert "    'Not started': 1 row (sheet 'Plan', column C, row 7), proposed RED" in text
        assert (
            '    answer with --rag-map "On track=GREEN,Off track=RED,Not started=RED,'
            'Complete=GREEN,Closed=GREEN" (change any you disagree with)' in text
        )
        with pytest.raises(ImportFormatError, match="5 words in the RAG column"):
            apply_import(store, preview)
        assert store.deliverables() == []


def test_answers_rate_the_rows_and_are_remembered_for_the_next_return(tmp_path: Path) -> None:
    path = tracker_with_status_words(tmp_path / "t.xlsx")
    answers = {
        "on track": Rag.GREEN,
        "Off track": Rag.RED,
        "Not started": Rag.AMBER,
        "Complete": Rag.GREEN,
        "CLOSED": Rag.GREEN,
    }
    with import_into_new_plan(tmp_path / "plan.nhp", read_source(path), rag_map=answers) as store:
        assert [d.rag for d in store.deliverables()] == [Rag.GREEN] * 4 + [
            Rag.RED,
            Rag.AMBER,
            Rag.GREEN,
            Rag.GREEN,
            Rag.GREEN,
        ]
        assert store.rag_words()["not started"] is Rag.AMBER
        # The next return is read with the plan's answers: nothing asked, nothing changes.
        history = len(store.changes())
        preview = preview_import(store, read_source(path))
        assert preview.questions == ()
        assert preview.diff.is_empty or not (preview.diff.new or preview.diff.changed)
        assert "  RAG word 'On track' read as GREEN, as you said" in describe_preview(
            preview, applied=False
        )
        apply_import(store, preview)
        assert len(store.changes()) == history


def test_an_answer_given_in_the_preview_is_kept_in_the_history(tmp_path: Path) -> None:
    path = tracker_with_status_words(tmp_path / "t.xlsx")
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        answers = {w: Rag.GREEN for w in ("On track", "Complete", "Closed")}
        answers |= {"Off track": Rag.RED, "Not started": Rag.RED}
        apply_import(store, preview_import(store, read_source(path), rag_map=answers))
        assert [c.field for c in store.changes() if c.entity == "plan"][-1] == "rag_words"
        assert store.rag_words() == {
            "closed": Rag.GREEN,
            "complete": Rag.GREEN,
            "not started": Rag.RED,
            "off track": Rag.RED,
            "on track": Rag.GREEN,
        }


def test_many_alike_warnings_are_one_line(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Ref", "Deliverable", "RAG"]]
    rows += [[f"1.{n}", "", "G"] for n in range(1, 30)]
    reading = read_source(write_workbook(tmp_path / "t.xlsx", [("Plan", rows)]))
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        text = describe_preview(preview_import(store, reading), applied=False)
    assert "  1 warning:" in text
    assert "    sheet 'Plan', column B: 29 rows: has no deliverable text (rows 2–30)" in text


def test_dates_that_cannot_be_read_are_listed_in_the_preview(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Ref", "Deliverable", "RAG", "Date"],
                        ["1.1", "We will", "G", "Q2 2024/25"],
                        ["1.2", "We will", "A", "next spring"],
                        ["1.3", "We will", "A", "Dec 2024 (revised from Sept 2024)"],
                    ],
                )
            ],
        )
    )
    dates = {d.ref: (d.date_text, d.date.due) for d in reading.document.snapshot.deliverables}
    assert dates["1.3"][0] == "Dec 2024 (revised from Sept 2024)"  # kept exactly as written
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        text = describe_preview(preview_import(store, reading), applied=False)
    assert (
        "  1 date that cannot be read, kept as written (these deliverables can "
        "never show as overdue):\n    sheet 'Plan', row 3, column D: 1.2: 'next spring'"
    ) in text


def test_a_key_of_scores_written_in_one_cell_each(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        [
                            "RAG key:",
                            "3 = Green - complete or on track",
                            "2 = Amber - slipping",
                            "1 = Red - off track",
                        ],
                        ["Ref", "Action", "RAG"],
                        ["1.1", "We will", 3],
                        ["1.2", "We will", 1],
                    ],
                )
            ],
        )
    )
    assert rags(reading) == {"1.1": Rag.GREEN, "1.2": Rag.RED}
    assert reading.document.snapshot.plan.rag_key.amber == "slipping"


@pytest.mark.parametrize(
    ("word", "rag"),
    [("A/G", Rag.AMBER), ("Amber/Red", Rag.AMBER), ("G-A", Rag.GREEN), ("Red / Amber", Rag.RED)],
)
def test_a_rating_between_two_colours_is_proposed_as_its_first(word: str, rag: Rag) -> None:
    """Still asked, never guessed: the proposal is only where the answer starts."""
    assert proposed(word) is rag


def test_brags_letter_b_is_proposed_as_complete() -> None:
    """A BRAG column's B is Blue, complete: still asked, but proposed as GREEN."""
    assert proposed("B") is Rag.GREEN and proposed("b ") is Rag.GREEN
    assert proposed("Bad") is Rag.NOT_RATED


def test_a_coloured_symbol_with_words_reads_as_its_colour_unless_they_disagree(
    tmp_path: Path,
) -> None:
    # "🟠 Amber" was asked, proposed Not rated; a tick was proposed Not rated too.
    cells = ["🟠 Amber", "🟢 Complete", "🔴 – missed", "🟢 Red", "🟠 Green/Amber", "✅"]
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Ref", "Deliverable", "RAG"],
                        *([f"1.{n}", "We will", cell] for n, cell in enumerate(cells, start=1)),
                    ],
                )
            ],
        )
    )
    assert rags(reading) == {
        "1.1": Rag.AMBER,
        "1.2": Rag.GREEN,
        "1.3": Rag.RED,
        **{ref: Rag.NOT_RATED for ref in ("1.4", "1.5", "1.6")},  # asked, not guessed
    }
    asked = {question.word: question for question in reading.rag_words}
    assert set(asked) == {"🟢 Red", "🟠 Green/Amber", "✅"}
    assert proposed("✅") is Rag.GREEN

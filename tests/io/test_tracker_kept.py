"""More trackers as the world keeps them: each read as a person reading the sheet would state it.

The shapes are built in :mod:`tests.io.world_kept`; as in
``tests/io/test_tracker_world.py``, each test says what the right plan is, then
reads the file with the real import. A shape the import cannot read right is
refused, or warned of, in one sentence naming the sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.importing import read_source
from nhp_planner.model.dates import DateKind
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from tests.io import world_kept as kept
from tests.io.test_tracker_world import assert_refused, messages, rows_of

D = dt.date
NO_YEAR = (
    "names no year, so it was kept as written and can never show as overdue: add the year "
    "(such as 'End of March 2024') and import again"
)


def test_due_dates_in_words_read_where_they_mean_one_day_and_said_where_a_year_is_missing(
    tmp_path: Path,
) -> None:
    reading = read_source(kept.date_words(tmp_path / "words.xlsx"))
    deliverables = reading.document.snapshot.deliverables
    assert [(d.date_text, d.date.kind, d.date.due) for d in deliverables] == [
        # A month with no year is not given one from the plan's period: kept, and said.
        ("End of March", DateKind.UNKNOWN, None),
        ("End of March 2024", DateKind.DATE, D(2024, 3, 31)),
        ("Q3 update", DateKind.UNKNOWN, None),
        ("Mid-April", DateKind.UNKNOWN, None),
        ("Mid-April 2024", DateKind.UNKNOWN, None),  # not one day: not guessed
        ("31st March", DateKind.UNKNOWN, None),
        ("30-Jun-24", DateKind.DATE, D(2024, 6, 30)),
        ("March 31, 2024", DateKind.DATE, D(2024, 3, 31)),
        ("Friday 31 May 2024", DateKind.DATE, D(2024, 5, 31)),
        ("end of Q3", DateKind.UNKNOWN, None),
    ]
    assert messages(reading) == [
        ("Delivery Plan", 4, "F", f"1.1: 'End of March' {NO_YEAR}"),
        ("Delivery Plan", 9, "F", f"1.6: '31st March' {NO_YEAR}"),
        ("Delivery Plan", 13, "F", f"1.10: 'end of Q3' {NO_YEAR}"),
    ]


def test_the_preview_lists_every_date_kept_as_text_and_says_where_a_year_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kept.date_words(tmp_path / "words.xlsx")
    assert main(["import", str(path), "--plan", str(tmp_path / "p.nhp"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "6 dates that cannot be read, kept as written" in out
    # Each with its cell, and each once: a date said to lack its year is not listed twice.
    assert "    sheet 'Delivery Plan', row 8, column F: 1.5: 'Mid-April 2024'\n" in out
    assert f"sheet 'Delivery Plan', row 4, column F: 1.1: 'End of March' {NO_YEAR}" in out
    assert out.count("'End of March'") == 1
    assert "warning" not in out


def test_day_first_dates_beside_a_month_first_one_are_said(tmp_path: Path) -> None:
    reading = read_source(kept.american_dates(tmp_path / "us.xlsx"))
    assert [(d.date_text, d.date.due) for d in reading.document.snapshot.deliverables] == [
        ("03/04/2024", D(2024, 4, 3)),  # UK day first, as always...
        ("12/31/2024", D(2024, 12, 31)),  # ...but there is no month 31: only one reading
        ("06/06/2024", D(2024, 6, 6)),  # the same either way
        ("13/05/2024", D(2024, 5, 13)),  # no month 13
    ]
    # ...and the one that reads both ways is said, in case its writer put the month first.
    assert messages(reading) == [
        (
            "Plan",
            2,
            "E",
            "1.1: '03/04/2024' was read day first, as 3 Apr 2024, but '12/31/2024' at row 3 in "
            "this column is written month first; if this date is too, it is 4 Mar 2024: write "
            "it with the month as a word and import again",
        )
    ]


def test_numbered_objective_rows_rated_on_their_own_row_are_headings(tmp_path: Path) -> None:
    reading = read_source(kept.numbered_objectives_rated(tmp_path / "rated.xlsx"))
    snapshot = reading.document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with communities"),
        (2, "Solving problems"),
    ]
    assert [(d.ref, d.rag) for d in snapshot.deliverables] == [
        ("1.1", Rag.GREEN),
        ("1.2", Rag.AMBER),
        ("2.1", Rag.GREEN),
    ]
    assert messages(reading) == []


def test_a_rated_numbered_item_in_plain_text_is_not_taken_for_an_objective(
    tmp_path: Path,
) -> None:
    path = kept.numbered_items_rated(tmp_path / "items.xlsx")
    with pytest.raises(ImportFormatError, match="no row below it has a deliverable reference"):
        read_source(path)


def test_grand_total_rows_are_never_deliverables(tmp_path: Path) -> None:
    reading = read_source(kept.grand_totals(tmp_path / "totals.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will open a hub", "Opened", Rag.GREEN, "31/01/2024"),
        ("1.2", 1, "We will staff the hub", "Half staffed", Rag.AMBER, "31/03/2024"),
    ]
    assert messages(reading) == []


def test_a_reference_made_by_a_formula_with_no_saved_result_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read as empty, its row was joined to 1.2 above it: 1.2 took 1.3's text, RAG and date."""
    path = kept.formula_refs_without_results(tmp_path / "script.xlsx")
    said = (
        f"{path}: sheet 'Plan', row 4, column A 'Ref' is a formula with no saved result, so "
        "which deliverable the row is cannot be told: the workbook was written by a program "
        "that does not calculate; open it in Excel or LibreOffice, save it, and import it again."
    )
    assert_refused(path, said, tmp_path / "plan.nhp", capsys)


def test_a_second_table_below_the_plan_is_not_read_as_more_deliverables(tmp_path: Path) -> None:
    reading = read_source(kept.completed_table_below(tmp_path / "two.xlsx"))
    snapshot = reading.document.snapshot
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", Rag.GREEN, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", Rag.AMBER, "30/06/2024"),
    ]
    assert [(o.number, o.title) for o in snapshot.objectives] == [(1, None)]
    assert messages(reading) == [
        (
            "Plan",
            7,
            None,
            "this row starts another table ('Ref', 'Deliverable', 'Closing update', 'RAG', "
            "'Date closed'), so it and the rows below it were not read",
        )
    ]


def test_a_risk_log_below_the_plan_is_not_read_as_deliverables(tmp_path: Path) -> None:
    """Its "R1.1" read as 1.1 refused the file as two 1.1s; its "2.2" would have been a
    deliverable."""
    reading = read_source(kept.risks_below(tmp_path / "risks.xlsx"))
    assert [d.ref for d in reading.document.snapshot.deliverables] == ["1.1", "2.1"]
    assert messages(reading) == [
        (
            "Plan",
            6,
            None,
            "this row starts another table ('Risk No.', 'Description', 'Mitigation', 'RAG', "
            "'Owner'), so it and the rows below it were not read",
        )
    ]


def test_the_header_repeated_over_each_objectives_block_goes_on_reading(tmp_path: Path) -> None:
    reading = read_source(kept.header_over_each_objective(tmp_path / "blocks.xlsx"))
    snapshot = reading.document.snapshot
    # The first block's title is objective 1's, not the plan's.
    assert snapshot.plan.title == "Plan"
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with communities"),
        (2, "Solving problems"),
    ]
    assert [(d.ref, d.summary_position, d.rag) for d in snapshot.deliverables] == [
        ("1.1", "Held", Rag.GREEN),
        ("1.2", "Sent", Rag.AMBER),
        ("2.1", "Trained", Rag.GREEN),
    ]
    assert messages(reading) == []


def test_a_month_merged_over_the_header_is_the_period(tmp_path: Path) -> None:
    reading = read_source(kept.month_over_the_header(tmp_path / "month.xlsx"))
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    assert [
        (d.ref, d.summary_position, d.rag, d.lead) for d in reading.document.snapshot.deliverables
    ] == [
        ("1.1", "Held", Rag.GREEN, "Insp Ray"),
        ("1.2", "Sent", Rag.AMBER, "Insp Ray"),
    ]


def test_the_period_is_the_month_of_the_rag_read_not_last_months(tmp_path: Path) -> None:
    """February's RAGs were imported as January's: the period came from the first heading
    naming a month."""
    reading = read_source(kept.two_rags_one_update(tmp_path / "rags.xlsx"))
    snapshot = reading.document.snapshot
    assert snapshot.period == ReportingPeriod(2024, 2)
    assert reading.period_from == "the heading 'RAG Feb 24'"
    assert [(d.ref, d.rag) for d in snapshot.deliverables] == [("1.1", Rag.GREEN), ("1.2", Rag.RED)]
    assert messages(reading) == [
        (
            "Plan",
            1,
            "D",
            "'RAG Jan 24' is for January 2024, which does not have both an update and a RAG "
            "column of its own, so it was not imported",
        )
    ]


def test_filters_frozen_panes_notes_and_email_leads_change_nothing(tmp_path: Path) -> None:
    reading = read_source(kept.filtered_frozen_with_notes(tmp_path / "filtered.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", Rag.GREEN, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", Rag.AMBER, "30/06/2024"),
        ("1.3", 1, "We will publish", "Drafted", Rag.RED, "31/12/2023"),
    ]
    assert [d.lead for d in reading.document.snapshot.deliverables] == [
        "a.khan@northshire.police.uk",
        "j.ode@northshire.police.uk; b.bell@northshire.police.uk",
        "Insp Ray",
    ]
    assert messages(reading) == []


def test_references_stored_as_numbers(tmp_path: Path) -> None:
    reading = read_source(kept.numeric_refs(tmp_path / "numbers.xlsx"))
    refs = [d.ref for d in reading.document.snapshot.deliverables]
    assert refs == [f"1.{n}" for n in range(1, 12)] + ["2.1"]
    assert messages(reading) == [
        (
            "Plan",
            11,
            "A",
            "the reference is the number 1.1; read as 1.10 because it follows 1.9 (format the "
            "column as Text to keep references like 1.10 exactly)",
        )
    ]


def test_references_stored_as_numbers_and_sorted_are_refused_not_merged(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"rows 2 and 3 both have the reference 1\.1 "):
        read_source(kept.numeric_refs_sorted(tmp_path / "sorted.xlsx"))


def test_a_deliverable_split_over_two_rows(tmp_path: Path) -> None:
    reading = read_source(kept.split_over_two_rows(tmp_path / "split.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold ward panels in every ward", "Panels held in six wards",
         Rag.GREEN, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", Rag.AMBER, "30/06/2024"),
    ]  # fmt: skip


def test_a_table_set_in_from_a1(tmp_path: Path) -> None:
    reading = read_source(kept.set_in_from_a1(tmp_path / "inset.xlsx"))
    assert reading.document.snapshot.plan.title == "Northshire NHP delivery plan tracker"
    assert reading.read_from is not None and reading.read_from.header_row == 5
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", Rag.GREEN, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", Rag.AMBER, "30/06/2024"),
    ]


def test_pale_theme_tints_and_cell_style_fills_as_rag(tmp_path: Path) -> None:
    reading = read_source(kept.pale_fills(tmp_path / "fills.xlsx"))
    assert [d.rag.value for d in reading.document.snapshot.deliverables] == [
        rag for _, rag in kept.PALE_FILLS
    ]


def test_an_objective_cell_merged_down_beside_its_deliverables(tmp_path: Path) -> None:
    reading = read_source(kept.objective_merged_down(tmp_path / "down.xlsx"))
    snapshot = reading.document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with communities"),
        (2, "Solving problems"),
    ]
    assert [(d.ref, d.objective) for d in snapshot.deliverables] == [
        ("1.1", 1), ("1.2", 1), ("1.3", 1), ("2.1", 2), ("2.2", 2),
    ]  # fmt: skip


def test_untidy_rag_words(tmp_path: Path) -> None:
    reading = read_source(kept.untidy_rag_words(tmp_path / "untidy.xlsx"))
    assert [d.rag for d in reading.document.snapshot.deliverables] == [
        Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN, Rag.RED, Rag.GREEN, Rag.RED, Rag.NOT_RATED,
    ]  # fmt: skip
    assert [(w.word, w.proposed) for w in reading.rag_words] == [("Amber/Red", Rag.AMBER)]


def test_the_tab_open_when_saved_is_read_and_the_other_month_named(tmp_path: Path) -> None:
    reading = read_source(kept.last_month_still_open(tmp_path / "tabs.xlsx"))
    assert [(d.ref, d.summary_position) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "Scoping")
    ]
    assert messages(reading) == [
        (
            "Feb 24",
            1,
            None,
            "this sheet also holds a table of deliverables; only sheet 'Jan 24' was imported, "
            "because it was the sheet open when the workbook was saved (choose another with "
            "--sheet)",
        )
    ]


def test_sub_items_keep_their_own_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kept.sub_items(tmp_path / "subs.xlsx")
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) == 0
    capsys.readouterr()
    assert main(["dump", str(plan)]) == 0
    dumped = json.loads(capsys.readouterr().out)
    assert [d["ref"] for d in dumped["deliverables"]] == ["1.1", "1.1.1", "1.1.2", "1.2", "1.2a"]

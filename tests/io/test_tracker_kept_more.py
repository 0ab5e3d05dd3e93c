"""The third round of hand-kept trackers: each read as a person reading the sheet would state it.

The shapes are built in :mod:`tests.io.world_kept_more`; as in
``tests/io/test_tracker_kept.py``, each test says what the right plan is, then
reads the file with the real import. What cannot be read right is refused, asked,
or warned of in one sentence naming the sheet, row and column: never read wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.importing import read_source
from nhp_planner.model.dates import DateKind
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from tests.io import world_kept_more as more
from tests.io.test_tracker_world import messages, rows_of

D = dt.date


def _dates(path: Path) -> list[tuple[str, DateKind, dt.date | None]]:
    reading = read_source(path)
    return [(d.date_text, d.date.kind, d.date.due) for d in reading.document.snapshot.deliverables]


def test_a_month_and_two_digits_is_read_only_where_it_is_a_month_and_year(tmp_path: Path) -> None:
    """'March 31' was read as March 2031, by the rule that reads 'Sept 24' as September 2024."""
    path = more.month_and_two_digits(tmp_path / "m.xlsx")
    assert _dates(path) == [
        ("31/03/2024", DateKind.DATE, D(2024, 3, 31)),
        ("March 31", DateKind.UNKNOWN, None),  # 31 March, or March 2031: kept as written
        ("Sept 24", DateKind.DATE, D(2024, 9, 30)),  # as UK trackers write a month...
        ("30/06/2024", DateKind.DATE, D(2024, 6, 30)),
    ]
    # ...but said, as no other date in the column is a month with its year.
    assert messages(read_source(path)) == [
        (
            "Plan",
            3,
            "E",
            "1.2: 'March 31' could be 31 March or March 2031, so it was kept as written and can "
            "never show as overdue: write the day with its year (such as '31 March 2024') or "
            "the year in full ('March 2031') and import again",
        ),
        (
            "Plan",
            4,
            "E",
            "1.3: 'Sept 24' was read as September 2024, a month and its year, but it could be "
            "24 September: if it is, write the day with its year (such as '24 September 2024') "
            "and import again",
        ),
    ]


def test_a_column_of_months_and_years_reads_as_one(tmp_path: Path) -> None:
    path = more.months_and_years(tmp_path / "m.xlsx")
    assert _dates(path) == [
        ("Jun-24", DateKind.DATE, D(2024, 6, 30)),
        ("Mar 24", DateKind.DATE, D(2024, 3, 31)),  # beside Jun-24: no need to say it
        ("Sep 24", DateKind.DATE, D(2024, 9, 30)),  # a date cell formatted "mmm yy"
        ("December 2024", DateKind.DATE, D(2024, 12, 31)),  # "mmmm yy": its year in full
        ("March 24", DateKind.UNKNOWN, None),  # typed: the text alone is read
    ]
    assert messages(read_source(path)) == [
        (
            "Plan",
            6,
            "E",
            "1.5: 'March 24' could be 24 March or March 2024 (this column's other dates are "
            "months with their years, such as 'Jun-24'), so it was kept as written and can "
            "never show as overdue: write the day with its year (such as '24 March 2024') or "
            "the year in full ('March 2024') and import again",
        )
    ]


def test_excels_day_numbers_typed_as_text_are_said_once_with_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = more.serials_typed_as_text(tmp_path / "serials.xlsx")
    assert _dates(path) == [
        ("45382", DateKind.UNKNOWN, None),
        ("31/03/2024", DateKind.DATE, D(2024, 3, 31)),
        ("45473", DateKind.UNKNOWN, None),
    ]
    assert main(["import", str(path), "--plan", str(tmp_path / "p.nhp"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "  2 dates that cannot be read, kept as written (these deliverables can never "
        "show as overdue):\n"
        "    sheet 'Plan', row 2, column E: the date is the text 45382, kept as written; it is "
        "how Excel stores 31/03/2024, so a date was pasted as its number: type the date into "
        "the cell and import again\n"
        "    sheet 'Plan', row 4, column E: the date is the text 45473, kept as written; it is "
        "how Excel stores 30/06/2024,"
    ) in out
    assert out.count("45382") == 1 and "warning" not in out


def test_old_months_hidden_behind_a_frozen_pane_are_read_as_earlier_periods(
    tmp_path: Path,
) -> None:
    """The hidden months were read as periods, yet each was warned 'hidden, so it was not read'."""
    reading = read_source(more.old_months_hidden(tmp_path / "hidden.xlsx"))
    document = reading.document
    assert [(s.period, [(d.summary_position, d.rag) for d in s.deliverables])
            for s in (*document.history, document.snapshot)] == [
        (ReportingPeriod(2023, 12), [("Scoping", Rag.RED), ("Not started", Rag.RED)]),
        (ReportingPeriod(2024, 1), [("Mapped 20", Rag.AMBER), ("Drafted", Rag.AMBER)]),
        (ReportingPeriod(2024, 2), [("Mapped 40", Rag.GREEN), ("Agreed", Rag.GREEN)]),
    ]  # fmt: skip
    assert messages(reading) == []


def test_two_colours_and_blue_with_no_key_are_asked_not_guessed(tmp_path: Path) -> None:
    reading = read_source(more.two_colour_and_blue_words(tmp_path / "words.xlsx"))
    assert [d.rag for d in reading.document.snapshot.deliverables] == [
        Rag.NOT_RATED, Rag.NOT_RATED, Rag.NOT_RATED, Rag.NOT_RATED, Rag.GREEN,
    ]  # fmt: skip
    assert [(w.word, w.proposed, w.count) for w in reading.rag_words] == [
        ("Amber/Green", Rag.AMBER, 1),
        ("G/A", Rag.GREEN, 1),
        ("Blue", Rag.GREEN, 2),  # "Blue" and "BLUE": one word, asked once
    ]


def test_scores_coloured_only_by_a_rule_are_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The colours are the rule's, not the cells': nothing says which way round 1 to 3 runs."""
    path = more.scores_coloured_by_a_rule(tmp_path / "scores.xlsx")
    reading = read_source(path)
    assert [w.word for w in reading.rag_words] == ["3", "2", "1"]
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    assert "3 words in the RAG column are not GREEN, AMBER or RED" in capsys.readouterr().err
    assert not plan.exists()


@pytest.mark.parametrize(
    "build",
    [more.lists_of_allowed_values, more.protected_sheet],
    ids=["lists of allowed values", "protected sheet"],
)
def test_validation_lists_and_protection_change_nothing(tmp_path: Path, build: object) -> None:
    assert callable(build)
    reading = read_source(build(tmp_path / "t.xlsx"))
    assert [(d.ref, d.summary_position, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "Held", Rag.GREEN),
        ("1.2", "Sent", Rag.AMBER),
    ]
    assert messages(reading) == []
    assert reading.read_from is not None and len(reading.read_from.sheets) == 1


def test_an_objective_written_on_every_row_titles_it_once(tmp_path: Path) -> None:
    reading = read_source(more.objective_on_every_row(tmp_path / "every.xlsx"))
    snapshot = reading.document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with communities"),
        (2, "Solving problems"),
    ]
    assert [(d.ref, d.objective, d.commitment) for d in snapshot.deliverables] == [
        ("1.1", 1, "We will hold panels"),
        ("1.2", 1, "We will survey"),
        ("2.1", 2, "We will train"),
        ("2.2", 2, "We will evaluate"),
    ]
    assert messages(reading) == []


def test_a_quarters_sheet_left_open_is_read_and_the_newer_one_named(tmp_path: Path) -> None:
    reading = read_source(more.quarter_sheets(tmp_path / "quarters.xlsx"))
    assert [(d.ref, d.summary_position) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "Scoping")
    ]
    assert messages(reading) == [
        (
            "Q2 2024-25",
            1,
            None,
            "this sheet also holds a table of deliverables; only sheet 'Q1 2024-25' was "
            "imported, because it was the sheet open when the workbook was saved (choose "
            "another with --sheet)",
        )
    ]


def test_comments_beside_the_summary_position_are_named_as_not_imported(tmp_path: Path) -> None:
    reading = read_source(more.comments_beside_summary(tmp_path / "comments.xlsx"))
    assert [(d.ref, d.summary_position) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "Six held"),
        ("1.2", "Sent"),
    ]
    mapping = dict(reading.mapping)
    assert (mapping["Summary position"], mapping["Comments"]) == (
        "summary_position",
        "not imported",
    )


def test_references_with_a_letter_a_mark_or_a_word_before_them(tmp_path: Path) -> None:
    """'1.3 (new)' made 1.3's text '(new) We will 3'."""
    reading = read_source(more.refs_typed_oddly(tmp_path / "refs.xlsx"))
    assert [(d.ref, d.commitment) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will 1"),
        ("1.2a", "We will 2"),  # "D1.2a"
        ("1.3", "We will 3"),
    ]
    assert messages(reading) == [
        (
            "Plan",
            4,
            "A",
            "the reference is written '1.3 (new)': read as 1.3, and '(new)' was not imported",
        ),
        # "NHP-04" names no objective: not a reference, and said of the reference written.
        (
            "Plan",
            5,
            "A",
            "looks like a deliverable, but its reference 'NHP-04' is not numbered by objective "
            "and deliverable (such as 1.4), so it was not imported",
        ),
    ]


def test_a_dropped_deliverable_struck_through_is_not_imported(tmp_path: Path) -> None:
    """It was imported as RED and overdue: a dropped deliverable counted in the paper."""
    reading = read_source(more.dropped_struck_through(tmp_path / "struck.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", Rag.GREEN, "31/03/2024"),
        ("1.3", 1, "We will survey", "Sent", Rag.AMBER, "30/06/2024"),
    ]
    assert messages(reading) == [
        (
            "Plan",
            3,
            "A",
            "1.2 is struck through, as a dropped deliverable is, so it was not imported",
        )
    ]


def test_one_update_merged_over_two_deliverables_is_each_ones(tmp_path: Path) -> None:
    """Read a row at a time, 1.2 had no update and no RAG: the merged cell was 1.1's alone."""
    reading = read_source(more.one_update_over_two(tmp_path / "merged.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will recruit PCSOs", "Recruitment paused by the budget", Rag.RED,
         "31/03/2024"),
        ("1.2", 1, "We will train new PCSOs", "Recruitment paused by the budget", Rag.RED,
         "30/06/2024"),
        ("1.3", 1, "We will publish", "Published", Rag.GREEN, "31/01/2024"),
    ]  # fmt: skip
    assert messages(reading) == [
        (
            "Plan",
            2,
            "C",
            "'Update' is one cell merged over rows 2–3, beside 1.1 and 1.2: it was read as "
            "each one's",
        ),
        (
            "Plan",
            2,
            "D",
            "'RAG' is one cell merged over rows 2–3, beside 1.1 and 1.2: it was read as each one's",
        ),
    ]


def test_a_key_in_one_cell_under_the_table_is_the_plans_key(tmp_path: Path) -> None:
    """Its wording was lost: the paper printed the default key, AMBER as 'In progress'."""
    reading = read_source(more.key_and_totals_below(tmp_path / "key.xlsx"))
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == ("Complete", "On track", "Off track")
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", Rag.GREEN),
        ("1.2", Rag.AMBER),
    ]
    assert messages(reading) == []


def test_a_months_update_merged_over_two_deliverables_is_each_ones_that_month(
    tmp_path: Path,
) -> None:
    reading = read_source(more.one_update_over_two_months(tmp_path / "months.xlsx"))
    document = reading.document
    assert [(s.period, [(d.summary_position, d.rag) for d in s.deliverables])
            for s in (*document.history, document.snapshot)] == [
        (ReportingPeriod(2024, 1), [("Paused", Rag.RED), ("Paused", Rag.RED)]),
        (ReportingPeriod(2024, 2), [("Restarted", Rag.AMBER), ("Begun", Rag.GREEN)]),
    ]  # fmt: skip
    assert [(w.row, w.column) for w in reading.warnings] == [(2, "C"), (2, "D")]


def test_a_calendar_years_quarter_is_read_so_and_said(tmp_path: Path) -> None:
    """'Q3 2024' is July to September 2024; a UK force, whose year starts in April, may mean
    October to December: said, where 'Q3 2024/25' names its year and is not."""
    from tests.io.tracker_builders import write_workbook

    rows = [["Ref", "Deliverable", "Lead", "RAG", "Due"],
            ["1.1", "Ward panels", "Insp Jones", "Amber", "Q3 2024"],
            ["1.2", "Contact points", "Insp Smith", "Green", "Q3 2024/25"],
            ["1.3", "Youth plan", "Sgt Khan", "Amber", "2025 Q1"]]  # fmt: skip
    path = write_workbook(tmp_path / "q.xlsx", [("Plan", rows)])
    assert [(text, due) for text, _, due in _dates(path)] == [
        ("Q3 2024", D(2024, 9, 30)),
        ("Q3 2024/25", D(2024, 12, 31)),
        ("2025 Q1", D(2025, 3, 31)),
    ]
    assert messages(read_source(path)) == [
        (
            "Plan",
            2,
            "E",
            "1.1: 'Q3 2024' was read as the calendar year's quarter, July to September 2024; if "
            "the financial year's is meant, write it with that year (such as 'Q3 2024/25', "
            "October to December) and import again",
        ),
        (
            "Plan",
            4,
            "E",
            "1.3: '2025 Q1' was read as the calendar year's quarter, January to March 2025; if "
            "the financial year's is meant, write it with that year (such as 'Q1 2025/26', "
            "April to June) and import again",
        ),
    ]

"""Trackers as the world keeps them: each read as a person reading the sheet would state it.

The shapes are built in :mod:`tests.io.world_trackers`; each test says first what
the right plan is (deliverables, objectives, RAG, dates, summaries), then reads
the file with the real import and compares. A shape the import cannot read
right must be refused, or asked about, in one sentence naming where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.importing import SourceReading, read_source
from nhp_planner.model.dates import DateKind
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from tests.io import world_trackers as world
from tests.io.tracker_builders import encrypted_workbook, truncated

Row = tuple[str, int, str, str, Rag, str]
ENCRYPTED = Path(__file__).parent / "world" / "encrypted-by-msoffcrypto.xlsx"


def rows_of(reading: SourceReading) -> list[Row]:
    return [
        (d.ref, d.objective, d.commitment, d.summary_position, d.rag, d.date_text)
        for d in reading.document.snapshot.deliverables
    ]


def messages(reading: SourceReading) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(w.sheet, w.row, w.column, w.message) for w in reading.warnings]


def assert_refused(path: Path, said: str, plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading ``path`` raises ``said``; the command line prints it as its one error and makes
    no plan."""
    with pytest.raises(ImportFormatError) as raised:
        read_source(path)
    assert str(raised.value) == said
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    assert capsys.readouterr().err.strip() == f"error: {said}"
    assert not plan.exists()


def test_a_title_block_over_a_header_on_row_six(tmp_path: Path) -> None:
    reading = read_source(world.title_block(tmp_path / "force.xlsx"))
    snapshot = reading.document.snapshot
    # The force's name heads the block; the plan's title is the line that names the plan.
    assert snapshot.plan.title == "Neighbourhood Policing Strategy: Delivery Plan Tracker"
    assert snapshot.period == ReportingPeriod(2024, 2)
    assert reading.read_from is not None and reading.read_from.header_row == 6
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with our communities"),
        (2, "Solving problems"),
    ]
    # References typed "1.01" are kept as typed; "Comments" is the update.
    assert rows_of(reading) == [
        ("1.01", 1, "We will publish ward profiles", "Drafts with wards", Rag.AMBER, "31/03/2024"),
        ("1.02", 1, "We will hold a PACT meeting in every ward", "All held", Rag.GREEN,
         "31/01/2024"),
        ("2.01", 2, "We will train every PCSO in problem solving", "Course booked for April",
         Rag.RED, "31/12/2023"),
        ("2.10", 2, "We will review the problem-solving hub", "Not started", Rag.AMBER,
         "30/06/2024"),
    ]  # fmt: skip
    assert [d.lead for d in snapshot.deliverables] == [
        "Insp Khan",
        "Ch Insp Ode",
        "Sgt Bell",
        "Insp Khan",
    ]
    assert messages(reading) == []  # the note under the table is not a deliverable


def test_rag_kept_only_as_the_cells_colour_in_every_encoding(tmp_path: Path) -> None:
    reading = read_source(world.fills_only(tmp_path / "fills.xlsx"))
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", Rag.GREEN),  # rgb 00B050
        ("1.2", Rag.GREEN),  # theme accent 3 (green) lightened 40%
        ("1.3", Rag.RED),  # palette index 10
        ("1.4", Rag.GREEN),  # palette index 17
        ("1.5", Rag.AMBER),  # theme accent 6 (orange) darkened 25%
        ("1.6", Rag.NOT_RATED),  # no fill
        ("1.7", Rag.RED),  # theme accent 2 (red), as it is
    ]
    # The legend sheet is not a table of deliverables, and no month is named anywhere.
    assert reading.read_from is not None and reading.read_from.sheets == ("Tracker",)
    assert reading.document.snapshot.period is None
    assert "none found" in reading.period_from
    # The legend's coloured cells beside their wording are the plan's key.
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == (
        "Complete/established",
        "In progress",
        "Deadline missed",
    )
    assert messages(reading) == [("Legend", 2, None, "the plan's RAG key was read from this sheet")]


def test_dates_as_serial_numbers_and_free_text(tmp_path: Path) -> None:
    reading = read_source(world.serial_and_text_dates(tmp_path / "dates.xlsx"))
    dates = [(d.date_text, d.date.kind, d.date.due) for d in reading.document.snapshot.deliverables]
    assert dates == [
        ("Q3 2024/25", DateKind.DATE, dt.date(2024, 12, 31)),
        ("w/c 12/02/24", DateKind.DATE, dt.date(2024, 2, 18)),
        # No year: kept as written, not guessed.
        ("End of March", DateKind.UNKNOWN, None),
        ("31.03.2024", DateKind.DATE, dt.date(2024, 3, 31)),
        # A date cell whose format was cleared shows its serial number: kept as shown.
        ("45382", DateKind.UNKNOWN, None),
        ("31/03/2024", DateKind.DATE, dt.date(2024, 3, 31)),
    ]
    # Kept as shown, and said where: the month with no year, and the date Excel's number
    # stands for.
    assert messages(reading) == [
        (
            "Plan",
            4,
            "E",
            "1.3: 'End of March' names no year, so it was kept as written and can never show as "
            "overdue: add the year (such as 'End of March 2024') and import again",
        ),
        (
            "Plan",
            6,
            "E",
            "the date is the number 45382, kept as written; it is how Excel stores 31/03/2024: "
            "format the cell as a date in Excel and import again to read it as one",
        ),
    ]


def test_two_months_of_updates_beside_one_rag(tmp_path: Path) -> None:
    reading = read_source(world.month_update_pair(tmp_path / "pair.xlsx"))
    snapshot = reading.document.snapshot
    assert snapshot.period == ReportingPeriod(2024, 2)
    assert [(d.ref, d.summary_position, d.rag) for d in snapshot.deliverables] == [
        ("1.1", "Mapped 40 partners", Rag.GREEN),
        ("1.2", "", Rag.AMBER),  # no February update written yet
    ]
    # January's update has no RAG of its own, so it is not a period: said, not dropped unseen.
    assert messages(reading) == [
        (
            "NHP Plan",
            1,
            "D",
            "'Update Jan 24' is for January 2024, which does not have both an update and a "
            "RAG column of its own, so it was not imported",
        )
    ]


def test_spacer_columns_hidden_rows_and_line_breaks(tmp_path: Path) -> None:
    reading = read_source(world.spacers_hidden_and_wrapped(tmp_path / "spaced.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will:\n- set up a panel\n- meet quarterly", "Panel met.\nNext: May",
         Rag.GREEN, "Ongoing"),
        ("1.2", 1, "We will recruit volunteers", "Ten recruited", Rag.AMBER, "TBC"),
        ("1.3", 1, "We will evaluate", "Not begun", Rag.RED, "31/12/2023"),
    ]  # fmt: skip
    assert messages(reading) == [
        ("Plan", 1, "D", "column D 'Old RAG' is hidden, so it was not read; column H 'RAG' was")
    ]


def test_references_typed_with_a_trailing_point_or_as_objective_and_number(
    tmp_path: Path,
) -> None:
    reading = read_source(world.odd_refs(tmp_path / "refs.xlsx"))
    assert [(d.ref, d.objective) for d in reading.document.snapshot.deliverables] == [
        ("1.1", 1),
        ("1.2", 1),
        ("2.1", 2),
        ("2.2", 2),
    ]
    assert messages(reading) == []


def test_a_total_row_under_the_table_is_not_part_of_the_last_deliverable(
    tmp_path: Path,
) -> None:
    reading = read_source(world.total_row(tmp_path / "total.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will open a hub", "Opened", Rag.GREEN, "31/01/2024"),
        ("1.2", 1, "We will staff the hub", "Half staffed", Rag.AMBER, "31/03/2024"),
    ]
    # The counts under it ("Green | 1") are not the plan's RAG key.
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber) == ("Complete/established", "In progress")


def test_status_words_beside_letters_are_asked_not_guessed(tmp_path: Path) -> None:
    reading = read_source(world.status_words(tmp_path / "words.xlsx"))
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", Rag.GREEN),
        ("1.2", Rag.AMBER),
        ("1.3", Rag.RED),
        ("1.4", Rag.NOT_RATED),
        ("1.5", Rag.NOT_RATED),
        ("1.6", Rag.NOT_RATED),
    ]
    assert [(w.word, w.proposed, w.column) for w in reading.rag_words] == [
        ("Complete", Rag.GREEN, "D"),
        ("On Track", Rag.GREEN, "D"),
        ("Amber/Red", Rag.AMBER, "D"),
    ]


def test_a_tracker_saved_with_macros(tmp_path: Path) -> None:
    reading = read_source(world.macro_enabled(tmp_path / "tracker.xlsm"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will run a survey", "Sent out", Rag.AMBER, "31/03/2024"),
        ("1.2", 1, "We will publish results", "Waiting", Rag.RED, "30/04/2024"),
    ]


def _damaged(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = world.title_block(tmp_path / "good.xlsx")
    zero = tmp_path / "zero.xlsx"
    zero.write_bytes(b"")
    return {
        "truncated": (
            truncated(good, tmp_path / "cut.xlsx"),
            "is damaged or incomplete (its ZIP archive cannot be opened",
        ),
        "zip": (
            world.zip_not_workbook(tmp_path / "photos.xlsx"),
            "is a ZIP archive but not an Excel workbook",
        ),
        "blank": (world.no_data(tmp_path / "blank.xlsx"), "no table of deliverables found"),
        "encrypted": (
            encrypted_workbook(tmp_path / "locked.xlsx"),
            "is protected with a password",
        ),
        "empty": (zero, "is empty (0 bytes)"),
        # Encrypted as Excel does (agile encryption, password "secret") by msoffcrypto-tool
        # 6.1.0 from world_trackers.title_block; the builder's file is the same structure, made up.
        "excel encrypted": (ENCRYPTED, "is protected with a password"),
    }


@pytest.mark.parametrize(
    "kind", ["truncated", "zip", "blank", "encrypted", "empty", "excel encrypted"]
)
def test_a_damaged_file_is_one_sentence_and_the_plan_is_unchanged(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, said = _damaged(tmp_path)[kind]
    with pytest.raises(ImportFormatError) as raised:
        read_source(path)
    message = str(raised.value)
    assert said in message and str(path) in message and "\n" not in message
    plan = tmp_path / "plan.nhp"
    assert main(["new", str(plan), "--sample"]) == 0
    before = hashlib.sha256(plan.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    error = capsys.readouterr().err.strip()
    assert said in error and len(error.splitlines()) == 1
    assert hashlib.sha256(plan.read_bytes()).hexdigest() == before


def test_counts_of_each_rating_above_the_table_are_not_its_key(tmp_path: Path) -> None:
    reading = read_source(world.counts_above(tmp_path / "counts.xlsx"))
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == (
        "Complete/established",
        "In progress",
        "Deadline missed or will not be achieved",
    )
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [("1.1", Rag.GREEN)]


def test_the_date_is_the_one_due_not_when_it_started_or_was_added(tmp_path: Path) -> None:
    reading = read_source(world.start_and_due_dates(tmp_path / "dates.xlsx"))
    deliverable = reading.document.snapshot.deliverables[0]
    assert (deliverable.date_text, deliverable.date.due) == ("31/03/2024", dt.date(2024, 3, 31))
    mapping = dict(reading.mapping)
    assert (mapping["Date added"], mapping["Start date"]) == ("not imported", "not imported")
    assert mapping["Target completion date"] == "date_text"


def test_the_rag_key_on_a_sheet_of_its_own_is_the_plans_key(tmp_path: Path) -> None:
    reading = read_source(world.key_on_a_legend_sheet(tmp_path / "key.xlsx"))
    key = reading.document.snapshot.plan.rag_key
    assert (key.green, key.amber, key.red) == (
        "On track to deliver by the date",
        "At risk of missing the date",
        "Will not be delivered by the date",
    )
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", Rag.GREEN),
        ("1.2", Rag.AMBER),
    ]
    assert messages(reading) == [("Key", 2, None, "the plan's RAG key was read from this sheet")]


def test_headings_wrapped_onto_lines_and_a_deliverable_merged_down_two_rows(
    tmp_path: Path,
) -> None:
    reading = read_source(world.wrapped_headings_and_tall_rows(tmp_path / "tall.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will set up panels", "Six panels met. Two more in February.", Rag.GREEN,
         "31/03/2024"),
        ("1.2", 1, "We will train staff", "Booked", Rag.AMBER, "30/04/2024"),
    ]  # fmt: skip
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    # The preview names each heading on one line, as a person would say it.
    assert [heading for heading, _ in reading.mapping] == [
        "Ref No.",
        "Deliverable (We will...)",
        "Lead Officer",
        "Summary Position (Jan 24)",
        "RAG Status",
        "Target Date",
    ]
    assert reading.period_from == "the heading 'Summary Position (Jan 24)'"


def test_bold_headings_and_a_note_in_the_text_column_are_not_more_text(tmp_path: Path) -> None:
    reading = read_source(world.notes_and_headings_in_the_text_column(tmp_path / "b.xlsx"))
    snapshot = reading.document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engaging with communities"),
        (2, "Solving problems"),
    ]
    assert [(d.ref, d.commitment) for d in snapshot.deliverables] == [
        ("1.1", "We will 1.1"),
        ("1.2", "We will 1.2"),
        ("2.1", "We will 2.1"),
        ("2.2", "We will 2.2"),
    ]
    assert messages(reading) == [
        (
            "Plan",
            8,
            "B",
            "'* RAG ratings agreed at the NPDB on 12/…' starts as a note does, so it was not "
            "added to the text of 2.2 above it",
        )
    ]


def test_bold_text_throughout_still_joins_a_row_split_across_a_page(tmp_path: Path) -> None:
    reading = read_source(world.bold_text_split_across_a_page(tmp_path / "bold.xlsx"))
    assert [(d.ref, d.commitment) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will hold ward panels in every ward"),
        ("1.2", "We will publish minutes"),
    ]


def test_progress_notes_are_the_update_not_an_open_or_closed_status(tmp_path: Path) -> None:
    reading = read_source(world.status_beside_progress(tmp_path / "status.xlsx"))
    assert [(d.ref, d.summary_position, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "Half the wards audited", Rag.AMBER),
        ("1.2", "Reported to the NPDB", Rag.GREEN),
    ]
    assert dict(reading.mapping)["Status"] == "not imported"


def test_a_key_beside_the_title_block_is_the_key_and_not_the_title(tmp_path: Path) -> None:
    reading = read_source(world.key_beside_the_title(tmp_path / "beside.xlsx"))
    plan = reading.document.snapshot.plan
    assert plan.title == "Northshire Police NHP Delivery Plan"
    assert (plan.rag_key.green, plan.rag_key.amber, plan.rag_key.red) == (
        "Complete",
        "In progress",
        "Off track",
    )
    assert reading.document.snapshot.period == ReportingPeriod(2024, 3)


def test_a_month_column_not_yet_written_is_refused_not_read_as_blank_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = world.next_month_not_yet_written(tmp_path / "ready.xlsx")
    said = (
        f"{path}: sheet 'Plan', column D 'Update Feb 24', the update for February 2024, is "
        "empty on every row, while column C 'Update Jan 24' holds January 2024's: write "
        "February 2024's updates, or delete its empty column, and import again."
    )
    assert_refused(path, said, tmp_path / "plan.nhp", capsys)


def test_an_objectives_own_rag_on_its_heading_row_leaves_it_a_heading(tmp_path: Path) -> None:
    reading = read_source(world.objectives_rated_on_their_heading_rows(tmp_path / "o.xlsx"))
    snapshot = reading.document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Engagement"),
        (2, "Problem solving"),
    ]
    assert [(d.ref, d.commitment, d.rag) for d in snapshot.deliverables] == [
        ("1.1", "We will hold panels", Rag.GREEN),
        ("1.2", "We will survey", Rag.AMBER),
        ("2.1", "We will train", Rag.GREEN),
    ]
    assert messages(reading) == []

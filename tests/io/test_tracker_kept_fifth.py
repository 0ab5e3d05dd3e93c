"""The fifth round of hand-kept trackers: each read as a person reading the sheet would state it.

The shapes are built in :mod:`tests.io.world_kept_fifth`; as in the rounds before
(``tests/io/test_tracker_kept_fourth.py``), each test says what the right plan is,
then reads the file with the real import. What cannot be read right is refused in one
sentence naming the file, sheet, row and column, and the plan is left as it was.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.importing import read_source
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from tests.io import world_kept_fifth as fifth
from tests.io.test_tracker_world import assert_refused, messages, rows_of

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


@pytest.mark.parametrize("big_endian", [False, True], ids=["little-endian", "big-endian"])
def test_a_sheet_saved_as_unicode_text_under_a_csv_name(
    tmp_path: Path, big_endian: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused as 'binary data' with the advice to rename it .xlsx, which it is not."""
    path = fifth.unicode_text_csv(tmp_path / "tracker.csv", big_endian=big_endian)
    reading = read_source(path)
    assert rows_of(reading) == [
        ("1.1", 1, "Set up NHP board", "Done", G, "31/01/2024"),
        ("1.2", 1, "We will hold ward panels", "Six held;\nCafé Road next", A, "31/03/2024"),
        ("1.3", 1, "We will publish the £5k fund", "Missed", R, "TBC"),
    ]
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    assert messages(reading) == []
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) == 0
    assert plan.exists()
    capsys.readouterr()


@pytest.mark.parametrize("big_endian", [False, True], ids=["little-endian", "big-endian"])
def test_utf16_without_its_mark_is_refused_in_a_true_sentence(
    tmp_path: Path, big_endian: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fifth.unicode_text_csv(tmp_path / "tracker.csv", big_endian=big_endian, mark=False)
    assert_refused(
        path,
        f'{path}: looks like UTF-16 text ("Unicode Text") saved without the mark that says '
        "which way round its bytes are, so it cannot be read as CSV; open it in Excel and save "
        "it as an Excel Workbook (.xlsx), then import that.",
        tmp_path / "plan.nhp",
        capsys,
    )


def test_a_utf16_mark_over_bytes_that_are_not_utf16_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    # A first half of a character pair (D800) with no second half: not UTF-16.
    text = "Ref\tDeliverable\r\n".encode("utf-16-le")
    path.write_bytes(codecs.BOM_UTF16_LE + text + b"\x00\xd8A\x00")
    assert_refused(
        path,
        f'{path}: starts as UTF-16 text ("Unicode Text") but is not UTF-16 text throughout, '
        "so it cannot be read as CSV; open it in Excel and save it as an Excel Workbook "
        "(.xlsx), then import that.",
        tmp_path / "plan.nhp",
        capsys,
    )


def test_non_breaking_spaces_in_headings_and_rag_words(tmp_path: Path) -> None:
    reading = read_source(fifth.non_breaking_spaces(tmp_path / "nbsp.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", G, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", A, "30/06/2024"),
        ("1.3", 1, "We will publish", "Late", R, "29/02/2024"),
    ]
    assert [field for _, field in reading.mapping] == [
        "ref", "commitment", "summary_position", "rag", "date_text",
    ]  # fmt: skip
    assert reading.rag_words == ()
    assert messages(reading) == []


def test_a_rating_with_words_after_it_is_read_by_its_first_word(tmp_path: Path) -> None:
    """'G (complete)', 'A - on track' and 'R – missed' were asked, as if they said nothing."""
    words = ["G (complete)", "Amber - on track", "RED – missed", "A - on track", "R – missed"]
    reading = read_source(fifth.rag_with_words_after(tmp_path / "words.xlsx", words))
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", G), ("1.2", A), ("1.3", R), ("1.4", A), ("1.5", R),
    ]  # fmt: skip
    assert reading.rag_words == ()
    assert messages(reading) == []


def test_a_cell_naming_two_ratings_is_asked_never_read_as_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'Green - Amber' was imported GREEN and 'Amber (was Green)' AMBER, with no word said."""
    words = ["Green - Amber", "Amber (was Green)", "Green/Amber", "A delay in funding", "Green"]
    path = fifth.rag_with_words_after(tmp_path / "two.xlsx", words)
    reading = read_source(path)
    assert [(d.ref, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", Rag.NOT_RATED), ("1.2", Rag.NOT_RATED), ("1.3", Rag.NOT_RATED),
        ("1.4", Rag.NOT_RATED), ("1.5", G),
    ]  # fmt: skip
    assert [(w.word, w.places) for w in reading.rag_words] == [
        ("Green - Amber", ((None, "1.1", 3),)), ("Amber (was Green)", ((None, "1.2", 4),)),
        ("Green/Amber", ((None, "1.3", 5),)),
        ("A delay in funding", ((None, "1.4", 6),)),
    ]  # fmt: skip
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    assert (
        f"error: {path}: 4 words in the RAG column are not GREEN, AMBER or RED and the "
        "tracker's key does not say what they mean: 'Green - Amber': 1 row (sheet 'Plan', "
        "column D, row 3), proposed GREEN;"
    ) in capsys.readouterr().err
    assert not plan.exists()


@pytest.mark.parametrize(
    ("refs", "ref_column", "cell"),
    [
        ("1.3 & 1.4", True, "column A 'Ref': '1.3 & 1.4'"),
        ("1.3/1.4", True, "column A 'Ref': '1.3/1.4'"),
        ("1.3 and 1.4", True, "column A 'Ref': '1.3 and 1.4'"),
        ("1.3, 1.4", True, "column A 'Ref': '1.3, 1.4'"),
        ("1.3 – 1.4", True, "column A 'Ref': '1.3 – 1.4'"),
        ("1.3 & 1.4", False, "column A 'Deliverable': '1.3 & 1.4 We will train staff and brief…'"),
    ],
    ids=["ampersand", "slash", "and", "comma", "dash", "in the text"],
)
def test_one_row_with_two_references_is_refused(
    tmp_path: Path, refs: str, ref_column: bool, cell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """'1.3 & 1.4' was imported as 1.3 alone, its text '& 1.4 We will train…', with no word
    said; '1.3/1.4' was left out with a warning that it was not numbered by objective."""
    path = fifth.two_refs_in_one_row(tmp_path / "two.xlsx", refs, ref_column=ref_column)
    assert_refused(
        path,
        f"{path}: sheet 'Plan', row 7, {cell} is more than one reference, so which deliverable "
        "the row is cannot be told; give each deliverable a row of its own, then import again.",
        tmp_path / "plan.nhp",
        capsys,
    )


def test_one_reference_starting_the_text_is_still_read(tmp_path: Path) -> None:
    path = fifth.two_refs_in_one_row(tmp_path / "one.xlsx", "1.3", ref_column=False)
    reading = read_source(path)
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", G, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", A, "30/06/2024"),
        ("1.3", 1, "We will train staff and brief partners", "Booked", A, "30/09/2024"),
        ("1.5", 1, "We will publish", "Drafted", R, "29/02/2024"),
    ]
    assert messages(reading) == []


def test_a_two_row_header_under_merged_group_titles(tmp_path: Path) -> None:
    reading = read_source(fifth.grouped_header(tmp_path / "grouped.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Six held", G, "31/01/2024"),
        ("1.2", 1, "We will survey", "Sent", A, "31/03/2024"),
        ("2.1", 2, "We will train staff", "Not booked", R, "TBC"),
    ]
    assert [d.lead for d in reading.document.snapshot.deliverables] == [
        "Insp Ray", "Sgt Bell", "Insp Ray",
    ]  # fmt: skip
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    assert reading.mapping == (
        ("Ref", "ref"), ("Deliverable", "commitment"), ("Lead", "lead"), ("RAG", "rag"),
        ("Summary position", "summary_position"), ("Date", "date_text"),
    )  # fmt: skip
    assert messages(reading) == []


RESTARTED = [
    ("1.1", 1, "We will hold panels", "Held", G, "31/01/2024"),
    ("1.2", 1, "We will survey", "Sent", A, "31/03/2024"),
    ("2.1", 2, "We will map hotspots", "Late", R, "TBC"),
    ("2.2", 2, "We will train staff", "Booked", A, "30/04/2024"),
    ("2.3", 2, "We will review", "Started", A, "Ongoing"),
]


@pytest.mark.parametrize("number", ["{}", "{}."], ids=["1, 2, 3", "1., 2., 3."])
def test_references_numbered_afresh_under_each_objective(tmp_path: Path, number: str) -> None:
    """Typed '1.', '2.', the rows were refused as having no reference such as 1.4."""
    reading = read_source(fifth.refs_restarting(tmp_path / "restart.xlsx", number))
    assert rows_of(reading) == RESTARTED
    assert [(o.number, o.title) for o in reading.document.snapshot.objectives] == [
        (1, "Engagement"), (2, "Problem solving"),
    ]  # fmt: skip
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    assert messages(reading) == [
        (
            "Plan",
            5,
            "A",
            f"references are numbered within each objective, so {number.format(1)} under "
            "objective 1 is read as 1.1, and so on",
        )
    ]


@pytest.mark.parametrize("start", [1, 3], ids=["numbered afresh", "numbered on"])
def test_numbers_under_a_heading_with_no_objective_number_are_refused(
    tmp_path: Path, start: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Numbered on (3, 4, 5), they were imported as 1.3–1.5 under objective 1, the heading
    only said to be 'text between deliverables'; afresh (1, 2, 3), they were refused as two
    rows 'both having the reference 1.1', which neither cell says."""
    path = fifth.refs_restarting(tmp_path / "restart.xlsx", second="PROBLEM SOLVING", start=start)
    assert_refused(
        path,
        f"{path}: sheet 'Plan', row 9, column A 'No.': {start} is numbered within its "
        "objective, but the heading above it ('Problem solving', row 8) has no objective "
        "number, so which objective it is under cannot be told; number the heading (such as "
        "'Objective 2: …') or write the references whole (such as 2.1), then import again.",
        tmp_path / "plan.nhp",
        capsys,
    )


def test_a_csv_tracker_pasted_under_a_title_is_read_by_its_tabs(tmp_path: Path) -> None:
    # A title line above the table: Python's CSV sniffer cannot tell the separator then.
    path = tmp_path / "tracker.csv"
    path.write_text(
        "NHP delivery plan - January 2024\n\n"
        "Ref\tDeliverable\tRAG\tSummary position\tDate\n"
        "1.1\tSet up the NHP board, with partners\tGREEN\tDone, and minuted\t31/01/2024\n"
        "1.2\tPublish the plan\tAMBER\tDraft with the board\t31/03/2024\n",
        encoding="utf-8",
    )
    deliverables = read_source(path).document.snapshot.deliverables
    assert [(d.ref, d.commitment, d.summary_position) for d in deliverables] == [
        ("1.1", "Set up the NHP board, with partners", "Done, and minuted"),
        ("1.2", "Publish the plan", "Draft with the board"),
    ]


@pytest.mark.parametrize("name", ["tracker.txt", "tracker.tsv"])
def test_a_sheet_saved_as_excels_text_under_its_own_name_is_read(tmp_path: Path, name: str) -> None:
    """Excel saves "Unicode Text" and "Text (Tab delimited)" as .txt: it was refused by name."""
    path = tmp_path / name
    text = (
        "Ref\tDeliverable\tRAG\tSummary position\tDate\r\n"
        "1.1\tSet up the NHP board\tGREEN\tDone, and minuted\t31/01/2024\r\n"
    )
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (deliverable,) = read_source(path).document.snapshot.deliverables
    assert (deliverable.ref, deliverable.commitment, deliverable.rag) == (
        "1.1",
        "Set up the NHP board",
        G,
    )
    assert deliverable.summary_position == "Done, and minuted"

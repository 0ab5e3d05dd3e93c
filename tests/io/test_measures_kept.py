"""Measure values that cannot be read without a guess are refused; the rest are kept as written.

A committee paper is public: a figure on the wrong scale (0.81 beside 78 on one
chart) is worse than a refusal. Each tracker here is built as a performance
team keeps one: a title, a blank row, then the table; the import goes through
the command line into a plan that already holds the quarter before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.model.measures import Measure, MeasurePeriod, Unit
from nhp_planner.model.store import PlanStore
from tests.cli_run import run
from tests.io.tracker_builders import write_workbook

M = MeasurePeriod.month
TITLE = ["Neighbourhood Policing performance measures 2024/25"]
#: The quarter before, as the plan already holds it.
EARLIER = ["Measure", "Jan-24", "Feb-24", "Mar-24"]


@pytest.fixture
def plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "plan.nhp"
    assert run(capsys, "new", path, "--period", "2024-03")[0] == 0
    earlier = write_workbook(
        tmp_path / "q4.xlsx",
        [("Q4", [TITLE, [], EARLIER, ["Victim satisfaction", "76%", "77%", "79%"]])],
    )
    code, _, err = run(capsys, "measures", "import", earlier, "--plan", path)
    assert code == 0, err
    return path


def stored(plan: Path) -> list[Measure]:
    with PlanStore.open(plan, read_only=True) as store:
        return store.measures()


def refused(
    plan: Path, tracker: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, list[Measure]]:
    """The import's one-sentence error, after checking it left the plan as it was."""
    before, data = stored(plan), plan.read_bytes()
    code, out, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert (code, out) == (1, "")
    assert plan.read_bytes() == data
    assert stored(plan) == before
    return err, before


def test_plain_fractions_among_percentages_in_a_row_are_refused(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "measures-q1.xlsx",
        [
            (
                "Q1 2024-25",
                [
                    TITLE,
                    [],
                    ["Measure", "Apr-24", "May-24", "Jun-24", "Jul-24", "Aug-24"],
                    ["Ward panels held", 12, 14, 11, 13, 12],
                    ["Victim satisfaction", "78%", "80%", 0.81, 0.79, "82 %"],
                ],
            )
        ],
    )
    err, before = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'Q1 2024-25', row 5, column D: '0.81' reads as 0.81, but the "
        "row's other values are percentages written as '78%' (column B); write it as 81%, or "
        "as 0.81% if it is under one per cent.\n"
    )
    assert [(m.name, sorted(m.values.values())) for m in before] == [
        ("Victim satisfaction", [76, 77, 79])
    ]


def test_plain_fractions_among_percentages_down_a_long_sheet_are_refused(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "measures-long.xlsx",
        [
            (
                "Data",
                [
                    TITLE,
                    [],
                    ["Measure", "Period", "Value", "Reasons", "Response"],
                    ["Victim satisfaction", "Apr 2024", "78%", "", ""],
                    ["Victim satisfaction", "May 2024", "80%", "Survey moved online.", ""],
                    ["Ward panels held", "May 2024", 14, "", ""],
                    ["Victim satisfaction", "Jun 2024", 0.81, "", ""],
                    ["Victim satisfaction", "Jul 2024", "82 %", "", ""],
                ],
            )
        ],
    )
    err, _ = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'Data', row 7, column C: '0.81' reads as 0.81, but 'Victim "
        "satisfaction' has values written as percentages, as '78%' (sheet 'Data', row 4, "
        "column C); write it as 81%, or as 0.81% if it is under one per cent.\n"
    )


def test_a_measure_written_in_percentages_is_a_percent_measure(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "measures-formatted.xlsx"
    write_workbook(
        tracker,
        [
            (
                "Q1",
                [
                    TITLE,
                    [],
                    ["Measure", "Apr-24", "May-24", "Jun-24", "Jul-24", "Aug-24"],
                    ["Repeat victims contacted", "78%", "80%", 0.81, 79, "82 %"],
                    ["% of 999 calls answered within 10 seconds", 91, 89.5, None, 90, 92],
                    ["Ward panels held", 12, 14, 11, 13, 12],
                ],
            )
        ],
    )
    import openpyxl  # the 0.81 cell formatted as a percentage, as Excel shows "81%"

    workbook = openpyxl.load_workbook(tracker)
    workbook["Q1"]["D4"].number_format = "0%"
    workbook.save(tracker)
    code, _, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 0, err
    after = {m.name: m for m in stored(plan)}
    repeat = after["Repeat victims contacted"]
    assert repeat.unit is Unit.PERCENT
    assert [repeat.values[M(2024, n)] for n in range(4, 9)] == [78, 80, 81, 79, 82]
    calls = after["% of 999 calls answered within 10 seconds"]
    assert calls.unit is Unit.PERCENT
    assert calls.values == {M(2024, 4): 91, M(2024, 5): 89.5, M(2024, 7): 90, M(2024, 8): 92}
    assert after["Ward panels held"].unit is Unit.COUNT


#: Four months of one measure, as headed in the trackers below.
MONTHS = [TITLE, [], ["Measure", "Apr-24", "May-24", "Jun-24", "Jul-24"]]


def test_thousands_separated_by_spaces_are_read(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = ["Calls for service", "1 180", "1\u00a0250", "1,302", 1275]
    tracker = write_workbook(tmp_path / "calls.xlsx", [("Calls", [*MONTHS, calls])])
    code, _, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 0, err
    values = {m.name: m.values for m in stored(plan)}["Calls for service"]
    assert values == {M(2024, 4): 1180, M(2024, 5): 1250, M(2024, 6): 1302, M(2024, 7): 1275}


def test_a_decimal_comma_is_refused_not_read_as_thousands(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rates = ["Reoffending rate", "0,84", "0,79", 0.8, 0.82]
    tracker = write_workbook(tmp_path / "rates.xlsx", [("Rates", [*MONTHS, rates])])
    err, _ = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'Rates', row 4, column B: '0,84' has a decimal comma, and a "
        "comma is read only between thousands (1,250); write it as 0.84.\n"
    )


@pytest.mark.parametrize(
    ("heading", "column", "why"),
    [
        (
            "Q2",
            "D",
            "has no year, so its values have no period; write it in full, as column C's "
            "'Q1 2024/25' is",
        ),
        (
            "Q1 2025",
            "D",
            "names one year, so it could be a calendar or a financial quarter; write the "
            "financial year (e.g. Q4 2024/25 for January to March 2025)",
        ),
        (
            "Q2 (provisional)",
            "D",
            "is not a period NHP Planner can place, so its values would be lost; write it as a "
            "month or a financial quarter (e.g. Jan 2024 or Q3 2023/24)",
        ),
    ],
)
def test_a_quarter_heading_that_cannot_be_placed_is_refused(
    plan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    heading: str,
    column: str,
    why: str,
) -> None:
    tracker = write_workbook(
        tmp_path / "quarters.xlsx",
        [
            (
                "Quarterly",
                [
                    TITLE,
                    [],
                    ["Measure", "Unit", "Q1 2024/25", heading, "Q3 2024/25", "Notes"],
                    ["Neighbourhood crime", "count", 413, 428, 371, "Q3 provisional"],
                ],
            )
        ],
    )
    err, _ = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'Quarterly', row 3, column {column}: the heading '{heading}' "
        f"{why}.\n"
    )


def test_a_year_total_beside_the_months_is_passed_over_saying_so(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "with-total.xlsx",
        [
            (
                "Monthly",
                [
                    TITLE,
                    [],
                    ["Measure", "Jan-24", "Feb-24", "Mar-24", "2023/24"],
                    ["Victim satisfaction", "76%", "78%", "79%", "77%"],
                ],
            )
        ],
    )
    code, out, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 0
    assert "0 values added, 1 changed, 2 unchanged" in out
    assert err == (
        "warning: sheet 'Monthly', row 3, column E: '2023/24' is a year, not a monthly period: "
        "its column is not read.\n"
    )
    values = stored(plan)[0].values
    assert values == {M(2024, 1): 76, M(2024, 2): 78, M(2024, 3): 79}


def test_a_plain_fraction_for_a_per_cent_measure_in_the_plan_is_refused(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # This month's return alone: nothing in it says "%", the plan's measure does.
    tracker = write_workbook(
        tmp_path / "april-return.xlsx",
        [
            (
                "April",
                [
                    ["Monthly return, April 2024"],
                    [],
                    ["Measure", "Period", "Value", "Reasons"],
                    ["Ward panels held", "Apr 2024", 12, ""],
                    ["Victim satisfaction", "Apr 2024", 0.81, "New survey provider."],
                ],
            )
        ],
    )
    err, _ = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'April', row 5, column C: '0.81' reads as 0.81%, but 'Victim "
        "satisfaction' is in per cent and its other values are around 77%; write it as 81%, "
        "or as 0.81% if it is under one per cent.\n"
    )


def test_small_percentages_written_plainly_are_kept(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = write_workbook(
        tmp_path / "complaints.xlsx",
        [
            (
                "Q1",
                [
                    TITLE,
                    [],
                    ["Measure", "Unit", "Apr-24", "May-24", "Jun-24", "Jul-24"],
                    ["Stop searches leading to a complaint", "%", 1.2, 0.8, 0.9, 1.4],
                ],
            )
        ],
    )
    code, _, err = run(capsys, "measures", "import", tracker, "--plan", plan)
    assert code == 0, err
    complaints = {m.name: m for m in stored(plan)}["Stop searches leading to a complaint"]
    assert complaints.unit is Unit.PERCENT
    assert [complaints.values[M(2024, n)] for n in range(4, 8)] == [1.2, 0.8, 0.9, 1.4]


def test_a_value_worked_out_by_a_formula_never_calculated_is_refused(
    tmp_path: Path, plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A workbook a script wrote (openpyxl, a reporting tool): the formula is kept, its result
    # never was, so the cell reads as blank; it was taken as a month with no value.
    tracker = write_workbook(
        tmp_path / "scripted.xlsx",
        [
            (
                "Monthly",
                [
                    TITLE,
                    [],
                    ["Measure", "Apr-24", "May-24", "Jun-24"],
                    ["Victim satisfaction", "78%", "=B4+1%", "80%"],
                ],
            )
        ],
    )
    err, _ = refused(plan, tracker, capsys)
    assert err == (
        f"error: {tracker}: sheet 'Monthly', row 4, column C: holds a formula whose result was "
        "never saved, so its value cannot be read (the workbook was written by a program that "
        "does not calculate); open it in Excel or LibreOffice, save it, and import it again.\n"
    )

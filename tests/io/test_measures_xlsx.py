"""Measure values from Excel trackers laid out as people keep them, and back out again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.io.measures_xlsx import (
    LONG,
    WIDE,
    preview_measure_import,
    read_measures_workbook,
)
from nhp_planner.io.measures_xlsx_export import export_measures
from nhp_planner.model.errors import ExportError, ImportFormatError
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative, Unit
from nhp_planner.model.spc import Polarity
from tests.io.tracker_builders import write_workbook

Q = MeasurePeriod.quarter
M = MeasurePeriod.month


def wide_tracker(tmp_path: Path) -> Path:
    """The agenda pack's measures kept the way a performance team keeps them."""
    return write_workbook(
        tmp_path / "policing-plan-measures.xlsx",
        [
            (
                "Q3 23-24",
                [
                    ["Policing Plan Performance 2023-24"],
                    ["Produced by Business Information, 10 January 2024"],
                    [],
                    [
                        "Success Measure",
                        "Unit",
                        "Q4 2022/23",
                        "Q1 2023/24",
                        "Q2 2023/24",
                        "Q3 23/24",
                    ],
                    ["Reduce Neighbourhood Crime", "count", 413, 428, 371, 409],
                    ["Reduce Violent Crime", "Count", 357, 353, "368", " 447 "],
                    ["  Reduce  VAWG ", None, 148, "n/a", None, 159],
                    ["Positive outcome rate", "%", "17%", "18%", 21, 21.0],
                    [],
                    ["Source: crime recording system, extracted 5 January 2024."],
                ],
            )
        ],
    )


def test_measures_down_the_side_periods_across_the_top(tmp_path: Path) -> None:
    reading = read_measures_workbook(wide_tracker(tmp_path))
    assert reading.layouts == (("Q3 23-24", WIDE),)
    values = {(r.name, r.period.label): r.value for r in reading.rows}
    assert values[("Reduce Neighbourhood Crime", "Q4 2022/23")] == 413
    assert values[("Reduce Neighbourhood Crime", "Q3 2023/24")] == 409
    assert values[("Reduce Violent Crime", "Q3 2023/24")] == 447
    assert values[("Positive outcome rate", "Q4 2022/23")] == 17
    # "n/a" and a blank cell are missing values, never zero.
    assert ("Reduce VAWG", "Q1 2023/24") not in values
    assert ("Reduce VAWG", "Q2 2023/24") not in values
    assert values[("Reduce VAWG", "Q3 2023/24")] == 159
    row = next(r for r in reading.rows if r.name == "Reduce Violent Crime" and r.value == 447)
    assert (row.sheet, row.row, row.column) == ("Q3 23-24", 6, "F")
    assert {r.unit for r in reading.rows if r.name == "Positive outcome rate"} == {Unit.PERCENT}
    # The note below the table is passed over, with a warning that says where.
    assert [str(w) for w in reading.warnings] == ["sheet 'Q3 23-24', row 10: no values in this row"]


def test_one_row_per_measure_and_period_with_the_narrative(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "long.xlsx",
        [
            (
                "Data",
                [
                    ["Measure", "Quarter", "Value", "Reasons", "Response"],
                    ["Reduce Neighbourhood Crime", "Q2 2023/24", 371, "", ""],
                    [
                        "Reduce Neighbourhood Crime",
                        "Q3 2023/24",
                        409,
                        "Neighbourhood crime has increased by 9% (+38).\n\nPhone snatches.",
                        "Cycle Team arrests.\n\nSafer Business week.",
                    ],
                    [None, None, None, None, None],
                ],
            )
        ],
    )
    reading = read_measures_workbook(path)
    assert reading.layouts == (("Data", LONG),)
    last = reading.rows[-1]
    assert (last.period, last.value) == (Q(2023, 3), 409)
    assert last.reasons == "Neighbourhood crime has increased by 9% (+38).\n\nPhone snatches."
    assert last.response == "Cycle Team arrests.\n\nSafer Business week."


def test_months_headed_by_excel_dates_and_percentages_formatted_as_such(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Monthly"
    sheet.append(["KPI", dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1), "Mar 2024"])
    sheet.append(["DWO availability", 0.82, 0.79, 0.8])
    for cell in sheet[2][1:]:
        cell.number_format = "0%"
    path = tmp_path / "monthly.xlsx"
    workbook.save(path)
    reading = read_measures_workbook(path)
    assert [(r.period, r.value) for r in reading.rows] == [
        (M(2024, 1), 82),
        (M(2024, 2), 79),
        (M(2024, 3), 80),
    ]


def test_a_value_that_is_not_a_number_refuses_the_file_saying_where(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "bad.xlsx",
        [
            (
                "Measures",
                [["Measure", "Q1 2023/24", "Q2 2023/24"], ["Violent crime", 353, "about 370"]],
            )
        ],
    )
    with pytest.raises(ImportFormatError) as caught:
        read_measures_workbook(path)
    assert str(caught.value) == (
        f"{path}: sheet 'Measures', row 2, column C: 'about 370' is not a number; write the "
        "value as a number, or leave the cell blank (or n/a) when there is none."
    )


def test_values_without_a_name_are_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "bad.xlsx", [("S", [["Measure", "Q1 2023/24"], ["Crime", 1], [None, 5]])]
    )
    with pytest.raises(ImportFormatError, match=r"sheet 'S', row 3, column A: the row has values"):
        read_measures_workbook(path)


def test_months_and_quarters_on_one_row_are_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "mixed.xlsx", [("S", [["Measure", "Q1 2023/24", "Jan 2024"], ["Crime", 1, 2]])]
    )
    with pytest.raises(ImportFormatError, match=r"row 1: the headings mix months \(column C\)"):
        read_measures_workbook(path)


def test_a_period_twice_is_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "twice.xlsx", [("S", [["Measure", "Q1 2023/24", "Q1 23/24"], ["Crime", 1, 2]])]
    )
    with pytest.raises(ImportFormatError, match=r"columns B and C: both are headed Q1 2023/24"):
        read_measures_workbook(path)


def test_a_measure_twice_is_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "twice.xlsx",
        [("S", [["Measure", "Q1 2023/24"], ["Crime", 1], ["crime", 2]])],
    )
    with pytest.raises(ImportFormatError, match=r"row 3, column B: 'crime' already has a value"):
        read_measures_workbook(path)


def test_a_bad_period_in_the_long_layout_is_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "long.xlsx", [("S", [["Measure", "Period", "Value"], ["Crime", "Q5", 1]])]
    )
    with pytest.raises(ImportFormatError, match=r"row 2, column B: 'Q5' is not a period"):
        read_measures_workbook(path)


def test_a_workbook_without_measures_is_refused(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "plan.xlsx", [("Plan", [["Ref", "Deliverable"], ["1.1", "x"]])]
    )
    with pytest.raises(
        ImportFormatError, match=r"no table of measures found on any sheet \('Plan'\)"
    ):
        read_measures_workbook(path)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "measures.xlsx"
    path.write_text("Measure,Q1 2023/24\nCrime,1\n")
    with pytest.raises(ImportFormatError, match="is plain text, not an Excel workbook"):
        read_measures_workbook(path)


def test_the_preview_counts_what_would_change_and_leaves_blanks_alone(tmp_path: Path) -> None:
    existing = Measure(
        "Reduce Neighbourhood Crime",
        Frequency.QUARTERLY,
        polarity=Polarity.LOWER_IS_BETTER,
        values={Q(2022, 4): 413.0, Q(2023, 1): 420.0, Q(2022, 3): 455.0},
    )
    vawg = Measure("Reduce VAWG", Frequency.QUARTERLY, values={Q(2023, 1): 150.0})
    preview = preview_measure_import(
        read_measures_workbook(wide_tracker(tmp_path)), [existing, vawg]
    )
    changes = {c.name: c for c in preview.changes}
    crime = changes["Reduce Neighbourhood Crime"]
    assert (crime.is_new, crime.added, crime.changed, crime.unchanged) == (False, 2, 1, 1)
    after = next(m for m in preview.measures if m.name == "Reduce Neighbourhood Crime")
    assert after.values[Q(2023, 1)] == 428
    assert after.values[Q(2022, 3)] == 455, "a value the tracker does not hold is kept"
    assert after.polarity is Polarity.LOWER_IS_BETTER
    # The VAWG tracker row says "n/a" for Q1: the plan's 150 stays.
    kept = next(m for m in preview.measures if m.name == "Reduce VAWG")
    assert kept.values[Q(2023, 1)] == 150
    new = next(m for m in preview.measures if m.name == "Positive outcome rate")
    assert (new.unit, new.polarity, new.frequency) == (
        Unit.PERCENT,
        Polarity.NEITHER,
        Frequency.QUARTERLY,
    )
    assert changes["Positive outcome rate"].is_new
    assert preview.describe()[0] == (
        "Reduce Neighbourhood Crime: 2 values added, 1 changed, 1 unchanged, 0 narratives"
    )


def test_the_preview_refuses_a_period_of_the_other_frequency(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "m.xlsx", [("S", [["Measure", "Jan 2024"], ["Crime", 1]])])
    existing = Measure("Crime", Frequency.QUARTERLY)
    with pytest.raises(ImportFormatError, match=r"row 2, column B: 'Crime' is quarterly"):
        preview_measure_import(read_measures_workbook(path), [existing])


def measures() -> list[Measure]:
    return [
        Measure(
            "=Reduce Neighbourhood Crime",
            Frequency.QUARTERLY,
            values={Q(2022, 4): 413.0, Q(2023, 1): 428.0, Q(2023, 3): 409.0},
            narratives={Q(2023, 3): Narrative("+38 since Q2.\nPhone snatches.", "@Cycle Team")},
        ),
        Measure(
            "DWO availability",
            Frequency.MONTHLY,
            unit=Unit.PERCENT,
            values={M(2024, 1): 82.5, M(2024, 3): 80.0},
        ),
    ]


@pytest.mark.parametrize("layout", [WIDE, LONG])
def test_export_then_import_gives_the_same_values_and_narratives(
    tmp_path: Path, layout: str
) -> None:
    out = tmp_path / "measures.xlsx"
    result = export_measures(measures(), out, layout=layout, today=dt.date(2024, 2, 1))
    assert result.values == 5
    preview = preview_measure_import(read_measures_workbook(out), [])
    by_name = {m.name: m for m in preview.measures}
    for original in measures():
        back = by_name[original.name]
        assert dict(back.values) == dict(original.values)
        assert dict(back.narratives) == dict(original.narratives)
        assert back.unit is original.unit
    # A missing value is a blank cell, and text that looks like a formula stays text.
    sheet = openpyxl.load_workbook(out).worksheets[0]
    names = [
        c for row in sheet.iter_rows() for c in row if c.value == "=Reduce Neighbourhood Crime"
    ]
    assert names and all(c.data_type == "s" for c in names)
    assert not any(c.value == 0 for row in sheet.iter_rows() for c in row)


def test_the_wide_export_has_a_sheet_per_frequency(tmp_path: Path) -> None:
    result = export_measures(measures(), tmp_path / "m.xlsx")
    assert result.sheets == ("Quarterly measures", "Monthly measures", "Reasons and responses")
    sheet = openpyxl.load_workbook(result.out)["Quarterly measures"]
    assert [c.value for c in sheet[3]] == [
        "Measure",
        "Unit",
        "Q4 2022/23",
        "Q1 2023/24",
        "Q2 2023/24",
        "Q3 2023/24",
    ]
    assert [c.value for c in sheet[4]] == [
        "=Reduce Neighbourhood Crime",
        "count",
        413,
        428,
        None,
        409,
    ]


def test_export_refuses_a_name_that_is_not_xlsx(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"must end in \.xlsx"):
        export_measures(measures(), tmp_path / "m.csv")

"""Measures: quarters as the papers write them, values with gaps, change, exceptions."""

from __future__ import annotations

import datetime as dt

import pytest

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.measures import (
    Change,
    Frequency,
    Measure,
    MeasurePeriod,
    Narrative,
    Unit,
    read_measure,
)
from nhp_planner.model.spc import Baseline, Judgement, LimitMethod, Polarity, Rule

Q = MeasurePeriod.quarter
M = MeasurePeriod.month


@pytest.mark.parametrize(
    "text",
    ["Q3 2023/24", "Q3 23/24", "q3 2023-24", "Q3  2023/2024", "2023/24 Q3", "Q3 FY2023/24"],
)
def test_quarters_read_as_people_write_them(text: str) -> None:
    assert MeasurePeriod.parse(text, Frequency.QUARTERLY) == Q(2023, 3)


@pytest.mark.parametrize("text", ["Q5 2023/24", "Q3 2023/25", "Q3 2023", "2023-10", ""])
def test_what_is_not_a_quarter_is_refused_in_a_sentence(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a quarterly period"):
        MeasurePeriod.parse(text, Frequency.QUARTERLY)


@pytest.mark.parametrize("text", ["2024-01", "January 2024", "Jan 24", "jan-2024", "2024-1"])
def test_months_read_as_people_write_them(text: str) -> None:
    assert MeasurePeriod.parse(text, Frequency.MONTHLY) == M(2024, 1)


def test_financial_quarters_start_in_april() -> None:
    # Q1 = April-June; Q4 2022/23 = January-March 2023.
    assert MeasurePeriod.containing(dt.date(2023, 4, 1), Frequency.QUARTERLY) == Q(2023, 1)
    assert MeasurePeriod.containing(dt.date(2023, 12, 31), Frequency.QUARTERLY) == Q(2023, 3)
    assert MeasurePeriod.containing(dt.date(2023, 3, 31), Frequency.QUARTERLY) == Q(2022, 4)
    assert Q(2022, 4).first_day == dt.date(2023, 1, 1)
    assert Q(2022, 4).last_day == dt.date(2023, 3, 31)
    assert Q(2023, 3).last_day == dt.date(2023, 12, 31)
    assert M(2024, 2).last_day == dt.date(2024, 2, 29)


def test_labels_as_the_papers_write_them() -> None:
    assert Q(2022, 4).label == "Q4 2022/23"
    assert Q(1999, 2).label == "Q2 1999/00"
    assert Q(2023, 3).key == "Q3 2023/24"
    assert M(2024, 1).label == "January 2024"
    assert M(2024, 1).key == "2024-01"
    assert M(2024, 1).short_label == "Jan 2024"


def test_stepping_through_periods() -> None:
    assert Q(2023, 4).shifted(1) == Q(2024, 1)
    assert Q(2023, 1).previous() == Q(2022, 4)
    assert Q(2023, 3).year_before() == Q(2022, 3)
    assert M(2024, 1).previous() == M(2023, 12)
    assert M(2024, 1).year_before() == M(2023, 1)


def crime(**overrides: object) -> Measure:
    """The agenda pack's Reduce Neighbourhood Crime values, after a made-up Q2 2022/23."""
    values = {Q(2022, 2): 489.0, Q(2022, 4): 413.0, Q(2023, 1): 428.0, Q(2023, 2): 371.0}
    values[Q(2023, 3)] = 409.0
    fields: dict[str, object] = {
        "name": "Reduce Neighbourhood Crime",
        "frequency": Frequency.QUARTERLY,
        "values": values,
        "narratives": {Q(2023, 3): Narrative("Neighbourhood crime has increased by 9% (+38).", "")},
    }
    fields.update(overrides)
    return Measure(**fields)  # type: ignore[arg-type]


def test_a_missing_quarter_is_a_gap_not_a_zero() -> None:
    reading = read_measure(crime())
    assert [p.label for p in reading.periods] == [
        "Q2 2022/23",
        "Q3 2022/23",
        "Q4 2022/23",
        "Q1 2023/24",
        "Q2 2023/24",
        "Q3 2023/24",
    ]
    assert reading.spc.points[1].value is None
    # mean (489 + 413 + 428 + 371 + 409) / 5 = 422: the gap is not counted as 0.
    assert reading.spc.phases[0].mean == 422


def test_change_since_last_quarter_and_last_year() -> None:
    reading = read_measure(crime())
    last = reading.change(Q(2023, 2))
    assert last is not None and last.difference == 38
    # 38 / 371 = 10.2%: the change is a share of the earlier value.
    assert last.describe(Unit.COUNT) == "up 10% (+38) since Q2 2023/24"
    year = reading.change(Q(2022, 3))
    assert year is not None
    assert year.describe(Unit.COUNT) == "no value to compare with in Q3 2022/23"
    since_q1 = reading.change(Q(2023, 1))
    assert since_q1 is not None
    assert since_q1.describe(Unit.COUNT) == "down 4% (-19) since Q1 2023/24"


def test_percentages_change_in_points() -> None:
    change = Change(Q(2023, 1), 18.0, 21.0)
    assert change.describe(Unit.PERCENT) == "up 3 percentage points since Q1 2023/24"
    assert Change(Q(2023, 2), 21.0, 21.0).describe(Unit.PERCENT) == "the same as in Q2 2023/24"


def test_values_as_the_papers_print_them() -> None:
    assert Unit.COUNT.show(1413.0) == "1,413"
    assert Unit.PERCENT.show(21.0) == "21%"
    assert Unit.PERCENT.show(11.25) == "11.25%"
    assert Unit.DAYS.show(4.5) == "4.5 days"


def test_reading_up_to_a_period_leaves_later_values_out() -> None:
    reading = read_measure(crime(), until=Q(2023, 2))
    assert reading.latest == Q(2023, 2)
    assert Q(2023, 3) not in reading.periods


def test_exceptions_are_judged_by_polarity_and_said_in_words() -> None:
    # Monthly, lower is better: limits from the first 6 months (mean 100, sd 2, limits 96 and 104),
    # then 110 is above the upper limit: a concern.
    values = {
        M(2023, m): v for m, v in zip(range(1, 8), (98, 102, 98, 102, 100, 100, 110), strict=True)
    }
    measure = Measure(
        "Response time", Frequency.MONTHLY, unit=Unit.DAYS, values=values, baseline_first=6
    )
    reading = read_measure(measure)
    phase = reading.spc.phases[0]
    # sample variance (4 + 4 + 4 + 4 + 0 + 0) / 5 = 3.2, sd 1.789, limits 100 ± 3.578.
    assert phase.upper == pytest.approx(100 + 2 * 3.2**0.5)
    assert [(e.period, e.rules) for e in reading.exceptions] == [
        (M(2023, 7), frozenset({Rule.ABOVE_LIMIT}))
    ]
    assert reading.exceptions[0].judgements(measure.polarity) == {Judgement.CONCERN}
    assert reading.describe_exceptions() == [
        "July 2023 (110 days): above the upper limit (concern)."
    ]
    better = read_measure(
        Measure(
            "Positive outcomes",
            Frequency.MONTHLY,
            values=values,
            polarity=Polarity.HIGHER_IS_BETTER,
            baseline_first=6,
        )
    )
    assert better.describe_exceptions() == ["July 2023 (110): above the upper limit (improvement)."]


def test_a_change_point_period_starts_new_limits() -> None:
    values = {M(2023, m): v for m, v in zip(range(1, 7), (10, 12, 14, 30, 32, 34), strict=True)}
    measure = Measure(
        "Recorded crime",
        Frequency.MONTHLY,
        values=values,
        change_points=(M(2023, 4),),
        method=LimitMethod.STANDARD_DEVIATION,
    )
    reading = read_measure(measure)
    assert [(p.mean, p.lower, p.upper) for p in reading.spc.phases] == [(12, 8, 16), (32, 28, 36)]
    assert reading.exceptions == ()
    assert Baseline(None, (3,)).change_points == (3,)


def test_a_value_of_the_wrong_frequency_is_refused() -> None:
    with pytest.raises(ValidationError, match="is quarterly, so it has no period January 2024"):
        crime(values={M(2024, 1): 5.0})


def test_a_value_must_be_a_number() -> None:
    with pytest.raises(ValidationError, match="nan is not a number"):
        crime(values={Q(2023, 1): float("nan")})


def test_a_measure_needs_a_name() -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        crime(name="  ")


def test_runs_and_trends_are_told_once_each_from_where_they_start() -> None:
    # Quarterly, higher is better; limits from the first two values 10 and 20: mean 15,
    # sd √50 ≈ 7.07, limits ≈ 0.9 and 29.1. Then eight values 11 to 14 below the mean (a run);
    # the 15 on the mean ends it; from the 13 in Q1 2021/22, seven rises to 20 (a trend).
    values = [10, 20, 11, 12, 11, 13, 12, 14, 13, 14, 15, 16, 17, 18, 19, 20]
    start = Q(2019, 1)
    measure = Measure(
        "Positive outcomes",
        Frequency.QUARTERLY,
        polarity=Polarity.HIGHER_IS_BETTER,
        baseline_first=2,
        values={start.shifted(i): float(v) for i, v in enumerate(values)},
    )
    assert read_measure(measure).describe_exceptions() == [
        "Q3 2019/20 to Q2 2021/22: 8 points in a row below the mean (concern).",
        "Q1 2021/22 to Q4 2022/23: 7 successive increases (improvement).",
    ]

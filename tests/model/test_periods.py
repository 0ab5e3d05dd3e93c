"""Reporting periods."""

from __future__ import annotations

import datetime as dt

import pytest

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod, figures_day


def test_parse_and_label() -> None:
    period = ReportingPeriod.parse("2024-01")
    assert (period.key, period.label, str(period)) == ("2024-01", "January 2024", "2024-01")


def test_order_and_next() -> None:
    assert ReportingPeriod(2023, 12) < ReportingPeriod(2024, 1)
    assert ReportingPeriod(2023, 12).next() == ReportingPeriod(2024, 1)
    assert ReportingPeriod(2024, 1).next() == ReportingPeriod(2024, 2)


@pytest.mark.parametrize("text", ["2024-13", "2024-1", "Jan 2024", "", "2024/01", "2024-00"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ValidationError, match="not a"):
        ReportingPeriod.parse(text)


@pytest.mark.parametrize(
    ("heading", "period"),
    [
        ("Summary position (January 2024)", ReportingPeriod(2024, 1)),
        ("Update - march 2025", ReportingPeriod(2025, 3)),
        ("Summary position", None),
    ],
)
def test_from_label(heading: str, period: ReportingPeriod | None) -> None:
    assert ReportingPeriod.from_label(heading) == period


def test_last_day() -> None:
    assert ReportingPeriod(2024, 2).last_day == dt.date(2024, 2, 29)
    assert ReportingPeriod(2023, 12).last_day == dt.date(2023, 12, 31)


def test_a_closed_period_is_worked_out_as_at_its_last_day() -> None:
    jan, feb, today = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2), dt.date(2024, 4, 15)
    assert figures_day(jan, feb, today) == dt.date(2024, 1, 31)
    assert figures_day(feb, feb, today) == today  # the current period is the live one
    assert figures_day(None, None, today) == today
    # An earlier period looked at before its month is out (a clock set back) is as at today.
    assert figures_day(jan, feb, dt.date(2024, 1, 10)) == dt.date(2024, 1, 10)

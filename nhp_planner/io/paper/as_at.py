"""The day a paper speaks as at: its Dated, else its period's last day, never the print day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nhp_planner.model.dates import MONTH_NAMES, read_date
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod

# "22 February 2024 6 March 2024" (two committees, two dates): the first one.
# ISO days (2024-02-22) first: read day-first, their digits would make 24 February 2022.
_FIRST_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\s*(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
)


@dataclass(frozen=True, slots=True)
class AsAt:
    """The paper's date for its figures, where it came from, and a note if Dated was unreadable."""

    day: dt.date
    source: str
    warning: str = ""

    @property
    def text(self) -> str:
        return long_date(self.day)


def long_date(day: dt.date) -> str:
    """UK style, as committee papers date themselves: "22 February 2024"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def read_day(text: str) -> dt.date | None:
    """A day as papers and trackers write one: "22/02/2024", "22nd February 2024"."""
    cleaned = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", text.strip())
    match = _FIRST_DATE.search(cleaned)
    if match is None:
        return None
    reading = read_date(match.group())
    return reading.due if reading.kind.value == "date" else None


def parse_as_at(text: str) -> dt.date:
    """``--as-at``: a day, or a :class:`ValidationError` saying what was expected."""
    day = read_day(text)
    if day is None:
        raise ValidationError(
            f"'{text}' is not a date (expected e.g. 22/02/2024 or 22 February 2024)."
        )
    return day


def as_at(dated: str, period: ReportingPeriod | None, override: dt.date | None = None) -> AsAt:
    """The day every figure in the paper is worked out at.

    ``override`` (``--as-at``) wins; then the cover's Dated; then the last day
    of the reporting period. A plan with no period and no date is as at the end
    of the current month of the calendar only because there is nothing else.
    """
    if override is not None:
        return AsAt(override, "as-at", _far_from(override, period, "The day asked for"))
    fallback = period.last_day if period else ReportingPeriod.containing(dt.date.today()).last_day
    if dated.strip():
        day = read_day(dated)
        if day is not None:
            return AsAt(day, "dated", _far_from(day, period, f"Dated '{dated.strip()}'"))
        return AsAt(
            fallback,
            "period",
            f"Dated '{dated.strip()}' is not a date the paper can count from; "
            f"its figures are as at {long_date(fallback)}.",
        )
    return AsAt(fallback, "period")


#: How long after its month a period's paper may still be dated (a quarterly committee).
_LATE = dt.timedelta(days=92)


def _far_from(day: dt.date, period: ReportingPeriod | None, what: str) -> str:
    """A warning when the figures' day is far from the period reported (a year mistyped: every
    overdue figure would be counted at it), else ""."""
    if period is None:
        return ""
    if day < period.last_day.replace(day=1):
        where = f"before {period.label} began"
    elif day > period.last_day + _LATE:
        where = f"more than three months after {period.label} ended"
    else:
        return ""
    return (
        f"{what} puts the figures as at {long_date(day)}, {where}: every overdue figure is "
        "counted at that day; check it."
    )

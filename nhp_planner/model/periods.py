"""Reporting periods: the months a plan is reported in, written "2024-01"."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from nhp_planner.model.dates import MONTH_NAMES
from nhp_planner.model.errors import ValidationError

_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_LABEL = re.compile(rf"\b({'|'.join(MONTH_NAMES)})\s+(\d{{4}})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class ReportingPeriod:
    """A reporting month. Ordered by time; ``str()`` is the key, "2024-01"."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValidationError(f"{self.year}-{self.month:02d} is not a month.")

    @classmethod
    def parse(cls, text: str) -> ReportingPeriod:
        """Read "2024-01"; anything else is a :class:`ValidationError`."""
        match = _KEY.match(text.strip())
        if not match:
            raise ValidationError(
                f"'{text}' is not a reporting period (expected YYYY-MM, e.g. 2024-01)."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_label(cls, text: str) -> ReportingPeriod | None:
        """The month named in a header such as "Summary position (January 2024)", if any."""
        match = _LABEL.search(text)
        if not match:
            return None
        month = next(i for i, n in enumerate(MONTH_NAMES, 1) if n.lower() == match.group(1).lower())
        return cls(int(match.group(2)), month)

    @classmethod
    def containing(cls, day: dt.date) -> ReportingPeriod:
        """The month a day falls in."""
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """For people: "January 2024"."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> ReportingPeriod:
        """The following month."""
        return ReportingPeriod(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return self.key


def figures_day(
    period: ReportingPeriod | None, current: ReportingPeriod | None, today: dt.date
) -> dt.date:
    """The day a period's overdue and due-soon figures are worked out at.

    The plan's current period is the live one: today. An earlier, closed period
    is shown as it stood, as at its last day; worked out at today, a January
    plan read in April would call its March dates overdue where none were.
    """
    if period is None or current is None or period >= current:
        return today
    return min(today, period.last_day)

"""The period reading: the month a tracker reports, from its headings, title lines or properties.

Takes header texts ("Summary position (January 2024)"), lines above the table
("Position as at January 2024") and NHP Planner's own workbook property; gives
a :class:`~nhp_planner.model.periods.ReportingPeriod` or None. The header's
month wins over a title line's, and both over the property. The header step
uses :func:`without_month` to match "Update (Jan 2024)" as "update", and
:func:`month_number` to prefer the later of two months' columns.
"""

from __future__ import annotations

import re

from nhp_planner.model.errors import NhpError
from nhp_planner.model.periods import ReportingPeriod

_MONTH_YEAR = re.compile(
    r"\(?\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\b\)?",
    re.IGNORECASE,
)
#: Words that make a line above the table name the reporting month, not some other date.
_AS_AT = re.compile(
    r"\b(as at|as of|position|update|updated|period|reporting|report for|month of)\b", re.I
)


def without_month(text: str) -> str:
    """The text with any "January 2024" (and its brackets) blanked out."""
    return _MONTH_YEAR.sub(" ", text)


def month_number(text: str) -> int:
    """The month a text names as a number that orders months (0 if it names none)."""
    period = ReportingPeriod.from_label(text)
    return period.year * 12 + period.month if period else 0


def period_of_headings(headings: dict[int, str], first: int | None) -> ReportingPeriod | None:
    """The month the ``first`` column's heading names (the summary's), else any heading's."""
    order = [first] if first is not None else []
    order += [c for c in sorted(headings) if c not in order]
    for column in order:
        period = ReportingPeriod.from_label(headings.get(column, ""))
        if period is not None:
            return period
    return None


def period_of_title(text: str) -> ReportingPeriod | None:
    """The month a line above the table reports ("Position as at January 2024"), if any."""
    return ReportingPeriod.from_label(text) if _AS_AT.search(text) else None


def period_of_property(value: str | None) -> ReportingPeriod | None:
    """The period NHP Planner's own export recorded in the workbook's properties, if readable."""
    if value is None:
        return None
    try:
        return ReportingPeriod.parse(value)
    except NhpError:
        return None


def tracker_period(
    header: ReportingPeriod | None, title: ReportingPeriod | None, recorded: str | None
) -> ReportingPeriod | None:
    """The tracker's period: its header's month, else its title line's, else the property's."""
    return header or title or period_of_property(recorded)

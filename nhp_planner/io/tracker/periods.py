"""The period reading: the month a tracker reports, from its headings, title lines or properties.

Takes header texts ("Summary position (January 2024)", "Update Jan 24",
"Feb RAG", "2024-03"), lines above the table ("Position as at January 2024")
and NHP Planner's own workbook property; gives a
:class:`~nhp_planner.model.periods.ReportingPeriod` or None. The header's
month wins over a title line's, and both over the property. The header step
uses :func:`without_month` to match "Update (Jan 2024)" as "update",
:func:`heading_month` to tell the months of a tracker that keeps several
side by side, and :func:`month_number` to prefer the later of two months' columns.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nhp_planner.model.dates import MONTH_NAMES
from nhp_planner.model.errors import NhpError
from nhp_planner.model.periods import ReportingPeriod

_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
#: "January 2024", "Jan 24", "Jan-24", "Sept 2024", "March '24", "(Feb)": a month, and its year.
_NAMED_MONTH = re.compile(
    rf"\(?\b(?P<month>{_MONTH_WORD})\b\.?"
    r"(?:(?:\s*[-/]\s*|\s+|\s*['\u2019]\s*)(?P<year>\d{4}|\d{2})\b)?\)?",
    re.IGNORECASE,
)
#: "2024-03" (not a day, "2024-03-31").
_ISO_MONTH = re.compile(r"\(?\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\b(?!-\d)\)?")
#: A heading names a month with no year only when it is short ("Feb update", "RAG Mar").
_BARE_MONTH_WORDS = 4
#: Words that make a line above the table name the reporting month, not some other date.
_AS_AT = re.compile(
    r"\b(as at|as of|position|update|updated|period|reporting|report for|month of)\b", re.I
)


class Month(NamedTuple):
    """A month a heading names; ``year`` is None when the heading gives none ("Feb update")."""

    year: int | None
    month: int

    def period(self) -> ReportingPeriod | None:
        return ReportingPeriod(self.year, self.month) if self.year is not None else None


def heading_month(text: str) -> Month | None:
    """The month a heading names, in any spelling people use, or None."""
    if match := _ISO_MONTH.search(text):
        return Month(int(match.group("year")), int(match.group("month")))
    words = len(text.split())
    for match in _NAMED_MONTH.finditer(text):
        year = match.group("year")
        if year is not None:
            return Month(2000 + int(year) if len(year) == 2 else int(year), _month(match))
        # A month alone only in a short heading ("Feb update"), and "May" only as a
        # heading of two words at most: never "Progress may slip".
        short = 2 if match.group("month").lower() == "may" else _BARE_MONTH_WORDS
        if words <= short:
            return Month(None, _month(match))
    return None


def _month(match: re.Match[str]) -> int:
    return _MONTHS[match.group("month").lower()]


def without_month(text: str) -> str:
    """The text with any month it names ("January 2024", "Jan-24", "2024-03") blanked out."""
    text = _ISO_MONTH.sub(" ", text)
    if heading_month(text) is None:
        return text
    return _NAMED_MONTH.sub(" ", text)


def month_number(text: str) -> int:
    """The month a text names as a number that orders months (0 if it names none)."""
    month = heading_month(text)
    if month is None:
        return 0
    return (month.year or 0) * 12 + month.month


def years_for(months: list[Month], anchor: ReportingPeriod) -> list[ReportingPeriod]:
    """Distinct months in the order the sheet keeps them, each given a year.

    A tracker that writes "Nov update | Dec update | Jan update" keeps months in
    order; the last month with no year is the latest one not after ``anchor``
    (the title line's month, else today's), and each month before it steps back.
    """
    result: list[ReportingPeriod] = []
    following: ReportingPeriod | None = None
    for month in reversed(months):
        period = month.period()
        if period is None:
            if following is None:
                year = anchor.year if month.month <= anchor.month else anchor.year - 1
            else:
                year = following.year if month.month < following.month else following.year - 1
            period = ReportingPeriod(year, month.month)
        result.append(period)
        following = period
    return result[::-1]


def period_of_headings(headings: dict[int, str], *first: int | None) -> ReportingPeriod | None:
    """The month the ``first`` columns' headings name (the summary's, then the RAG's: the
    columns read), else any heading's."""
    order = [column for column in first if column is not None]
    order += [c for c in sorted(headings) if c not in order]
    for column in order:
        month = heading_month(headings.get(column, ""))
        if month is not None and month.year is not None:
            return month.period()
    return None


def period_of_heading(text: str) -> ReportingPeriod | None:
    """The month (with its year) one heading names, if any."""
    month = heading_month(text)
    return month.period() if month is not None else None


def period_of_title(text: str) -> ReportingPeriod | None:
    """The month a line above the table reports ("Position as at January 2024"), if any."""
    if not _AS_AT.search(text):
        return None
    month = heading_month(text)
    return month.period() if month is not None else None


#: "2023/24", "2023-24", "FY 2023/2024": a financial year, April to March.
_FINANCIAL_YEAR = re.compile(
    r"(?<![\d/\-])(?P<start>20\d{2})\s*[/\-–]\s*(?P<end>20\d{2}|\d{2})(?![\d/\-])"
)


def financial_year_end(text: str) -> ReportingPeriod | None:
    """The March a line's financial year ends in: "NHP Delivery Plan 2023/24" -> March 2024."""
    for match in _FINANCIAL_YEAR.finditer(text):
        start, end = int(match.group("start")), int(match.group("end"))
        if end in (start + 1, (start + 1) % 100):
            return ReportingPeriod(start + 1, 3)
    return None


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

"""Reading the free-text dates forces write ("31/03/2024", "Ongoing", "Complete Review 2025").

The text is always kept exactly as written; this module derives a structured
reading from it. Dates are UK day-first: "03/04/2024" is 3 April.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
from dataclasses import dataclass

from nhp_planner.model.plural import counted
from nhp_planner.model.rag import Rag


class DateKind(enum.Enum):
    """What sort of date a deliverable's date text is."""

    DATE = "date"
    ONGOING = "ongoing"
    TBC = "tbc"
    COMPLETE = "complete"
    ANNUAL = "annual"
    BLANK = "blank"
    UNKNOWN = "unknown"


# English names, fixed here: the calendar module's follow the locale, which Qt
# sets from the environment when the window starts.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Order matters: "Completed annually" is annual, not complete.
_KIND_PATTERNS: tuple[tuple[DateKind, re.Pattern[str]], ...] = (
    (DateKind.ANNUAL, re.compile(r"\b(annual(ly)?|yearly|every year)\b")),
    (DateKind.ONGOING, re.compile(r"\b(on-?\s?going|continuous|bau|business as usual)\b")),
    (DateKind.TBC, re.compile(r"\b(tb[cad]|to be (confirmed|agreed|decided|determined))\b")),
    (DateKind.COMPLETE, re.compile(r"\b(complete[d]?|done|achieved)\b")),
)
_REVIEW = re.compile(r"\breview(ed)?\b(\s+(date|due|by|in|on))?:?", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(by\s+)?(the\s+)?(end\s+(of\s+)?)?")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
#: "31 March 2024", "31st Mar 2024", and Excel's "30-Jun-24" typed or pasted as text.
_DAY_MONTH_YEAR = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)({_MONTH_RE})\.?,?(?:\s+|-)(\d{{4}}|\d{{2}})$"
)
#: "March 31, 2024", "Mar 31st 2024": the month first, in words, so only one day.
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
#: "Friday 31 May 2024": the weekday, checked against the date it names.
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(.+)$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: "March 2024", "Mar-24", "March '24" (an apostrophe, straight or curly, for the century).
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?(?:[\s\-/,]+|\s*['\u2019]\s*)(\d{{4}}|\d{{2}})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
#: "March 31", "Sept 24": a month in words, a space, two digits: a day of it, or its year.
_MONTH_NUMBER = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{2}})$")
#: The months shortened as Excel shows a month and its year ("Mar 24"), and the UK's "Sept".
_SHORTENED = frozenset(name[:3].lower() for name in MONTH_NAMES) | {"sept"}
#: Each month's last day (February's in any year): "Mar 31", "Sep 30", a due date's usual day.
_LAST_DAYS = {
    month: {calendar.monthrange(year, month)[1] for year in (2023, 2024)} for month in range(1, 13)
}
_YEAR = re.compile(r"^(\d{4})$")
#: A UK financial year, April to March: "FY24/25", "2024/25", "FY 2024-2025".
_FINANCIAL_YEAR = re.compile(r"^(?:fy\s*)?(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})$")
#: A quarter: of a financial year ("Q1 2024/25", "Q1 FY24/25") or of a calendar year ("Q1 2024").
_QUARTER = re.compile(r"^q([1-4])\s*(?:of\s+)?(.+)$")
_QUARTER_AFTER = re.compile(r"^(.+?)\s+q([1-4])$")
_WEEK_COMMENCING = re.compile(r"^(?:w/?c|week (?:commencing|beginning|starting))\.?\s*(.+)$")
#: A range ("01/04/2024 - 30/06/2024", "Jan–Mar 2025", "April to June 2024"): due at its end.
_RANGE = re.compile(r"^(?P<start>.+?)\s*(?:\s[-–—]\s|[–—]|\s+to\s+|\s+until\s+)\s*(?P<end>.+)$")
#: A month's or a quarter's name, as a date lacking only its year has ("End of March").
_NAMES_A_PART = re.compile(rf"\b({_MONTH_RE}|q[1-4])\b")
_MONTH_ONLY = re.compile(rf"^({_MONTH_RE})\.?$")
#: "Dec 2024 (revised from Sept 2024)", "31/12/2024 (was 30/09/2024)".
_REVISED = re.compile(
    r"\(?\s*(?:revised|moved|changed|slipped|deferred|extended)\s+(?:from|was)\s+(?P<old>[^()]+?)\s*\)?$"
    r"|\(\s*(?:was|originally|previously)\s+(?P<was>[^()]+?)\s*\)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateReading:
    """The structured reading of a date text; ``text`` is kept exactly as written."""

    text: str
    kind: DateKind
    due: dt.date | None = None
    review: dt.date | None = None
    #: The earlier due date a revised one replaced ("Dec 2024 (revised from Sept 2024)").
    revised_from: dt.date | None = None

    def is_overdue(self, rag: Rag, today: dt.date) -> bool:
        """A due date in the past on a deliverable that is not GREEN is overdue."""
        return self.due is not None and self.due < today and rag is not Rag.GREEN

    def describe(self, rag: Rag, today: dt.date) -> str:
        """One line for people: "due 31 Mar 2024, overdue by 12 days", "ongoing"..."""
        parts: list[str] = []
        if self.kind is DateKind.BLANK:
            return "no date given"
        if self.kind is DateKind.UNKNOWN:
            return "could not read this date"
        if self.kind is not DateKind.DATE:
            parts.append(_KIND_WORDS[self.kind])
        if self.due is not None:
            due = f"due {format_date(self.due)}"
            if self.is_overdue(rag, today):
                days = (today - self.due).days
                due += f", overdue by {counted(days, 'day')}"
            parts.append(due)
        if self.revised_from is not None:
            parts.append(f"revised from {format_date(self.revised_from)}")
        if self.review is not None:
            parts.append(f"review {format_date(self.review)}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, str | None]:
        """The structured ``date`` object written beside ``date_text`` in plan JSON."""
        return {
            "kind": self.kind.value,
            "due": self.due.isoformat() if self.due else None,
            "review": self.review.isoformat() if self.review else None,
        }


_KIND_WORDS = {
    DateKind.ONGOING: "ongoing",
    DateKind.TBC: "to be confirmed",
    DateKind.COMPLETE: "complete",
    DateKind.ANNUAL: "annual",
}


def format_date(value: dt.date) -> str:
    """UK style for people: "31 Mar 2024"."""
    return f"{value.day} {MONTH_NAMES[value.month - 1][:3]} {value.year}"


def format_day_first(value: dt.date) -> str:
    """The way trackers write dates: "31/03/2024"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def read_date(text: str | None) -> DateReading:
    """Derive kind, due date and review date from a date text as a force wrote it.

    >>> r = read_date("Complete Review 31/03/2024")
    >>> r.kind.value, r.due, r.review
    ('complete', None, datetime.date(2024, 3, 31))
    """
    return _read_date("" if text is None else str(text))


# Plans repeat the same few date texts ("Ongoing", "31/03/2024") hundreds of
# times, and readings are immutable, so they are worth remembering.
@functools.lru_cache(maxsize=8192)
def _read_date(original: str) -> DateReading:
    norm = re.sub(r"\s+", " ", original).strip()
    if not norm:
        return DateReading(original, DateKind.BLANK)
    main, review_text = _split_review(norm)
    review = _parse_when(review_text) if review_text else None
    main, revised_from = _split_revision(main)
    lowered = main.lower()
    for kind, pattern in _KIND_PATTERNS:
        match = pattern.search(lowered)
        if match:
            rest = (lowered[: match.start()] + " " + lowered[match.end() :]).strip(" -–,;:()")
            return DateReading(original, kind, _parse_when(rest) if rest else None, review)
    if not lowered.strip(" -–,;:()") and review is not None:
        # "Review 31/03/2025" on its own: the review is the next thing due.
        return DateReading(original, DateKind.DATE, review, review)
    due = _parse_when(lowered)
    if due is None:
        return DateReading(original, DateKind.UNKNOWN, None, review)
    return DateReading(original, DateKind.DATE, due, review, revised_from)


def _split_revision(main: str) -> tuple[str, dt.date | None]:
    """ "Dec 2024 (revised from Sept 2024)" -> ("Dec 2024", 30 Sep 2024)."""
    match = _REVISED.search(main)
    if not match:
        return main, None
    old = _parse_when(match.group("old") or match.group("was"))
    if old is None:
        return main, None
    return main[: match.start()].strip(), old


def _split_review(norm: str) -> tuple[str, str]:
    match = _REVIEW.search(norm)
    if not match:
        return norm, ""
    return norm[: match.start()].strip(), norm[match.end() :].strip(" -–,;:()")


def _parse_when(text: str) -> dt.date | None:
    """The date a text is due by, in any of the forms trackers use (a period: its end), or None."""
    value = _LEAD_IN.sub("", text.lower().strip(" -–,;:()")).strip()
    due = _parse_one(value)
    if due is not None:
        return due
    if m := _WEEKDAY.match(value):
        day = _parse_one(m.group(2))
        return day if day is not None and _WEEKDAYS[day.weekday()] == m.group(1) else None
    if m := _WEEK_COMMENCING.match(value):
        start = _parse_one(m.group(1).strip())
        return start + dt.timedelta(days=6) if start else None
    if m := _RANGE.match(value):
        end = _parse_one(m.group("end").strip())
        if end is None:
            return None
        start_text = m.group("start").strip()
        start = _parse_one(start_text)
        if start is None and (only := _MONTH_ONLY.match(start_text)):  # "Jan–Mar 2025"
            start = dt.date(end.year, _MONTHS[only.group(1)], 1)
        return end if start is not None and start <= end else None
    return None


def _parse_one(value: str) -> dt.date | None:
    """One date, month, quarter or year, as the day it ends; None if the text is none of them."""
    if m := _QUARTER.match(value):
        return _quarter_end(int(m.group(1)), m.group(2).strip())
    if m := _QUARTER_AFTER.match(value):
        return _quarter_end(int(m.group(2)), m.group(1).strip())
    try:
        if m := _DMY.match(value):
            return _day_first(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _ISO.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DAY_MONTH_YEAR.match(value):
            return dt.date(_year(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        if m := _MONTH_DAY_YEAR.match(value):
            return dt.date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
        if m := _MONTH_YEAR.match(value):
            if (pair := month_or_day(value)) is not None and (
                m.group(1) not in _SHORTENED or pair[1] in _LAST_DAYS[pair[0]]
            ):
                return None  # "March 31", "Dec 31": 31 March as Americans write it, or 2031
            return _month_end(_year(m.group(2)), _MONTHS[m.group(1)])
        if m := _NUMERIC_MONTH_YEAR.match(value):
            return _month_end(int(m.group(2)), int(m.group(1)))
        if m := _YEAR.match(value):
            return dt.date(int(m.group(1)), 12, 31)
        if (start := _financial_year(value)) is not None:
            return dt.date(start + 1, 3, 31)
    except ValueError:  # 31/02/2024, month 13...
        return None
    return None


def _day_first(year: int, first: int, second: int) -> dt.date:
    """Day first ("03/04/2024" is 3 April); month first only when no month is that large
    ("12/31/2024" can only be 31 December). Raises ValueError for neither."""
    if second > 12 >= first:
        return dt.date(year, first, second)
    return dt.date(year, second, first)


@functools.lru_cache(maxsize=8192)
def month_first(text: str) -> bool:
    """Whether a date is written month first, as only an American date can be ("12/31/2024")."""
    m = _DMY.match(text.strip())
    return m is not None and int(m.group(2)) > 12 >= int(m.group(1)) > 0


@functools.lru_cache(maxsize=8192)
def ambiguous_day_first(text: str) -> bool:
    """Whether a numeric date reads as another day month first ("03/04/2024": 4 March)."""
    m = _DMY.match(text.strip())
    return (
        m is not None
        and int(m.group(1)) != int(m.group(2))
        and max(int(m.group(1)), int(m.group(2))) <= 12
        and read_date(text).kind is DateKind.DATE
    )


@functools.lru_cache(maxsize=8192)
def month_or_day(text: str) -> tuple[int, int] | None:
    """(month, number) of a month in words and two digits that may be a day of it or its year.

    "March 31" is 31 March as an American writes it, or March 2031; "Sept 24" is
    24 September, or September 2024. A month shortened as Excel shows a month and
    its year ("Sept 24", "Mar 24") is read so, as UK trackers write it, unless the
    number is the month's last day, the day things are due by ("Mar 31", "Sep 30");
    a month written in full ("March 24") is not read at all. "Feb 30" cannot be a
    day: None.
    """
    m = _MONTH_NUMBER.match(re.sub(r"\s+", " ", text).strip().lower())
    if m is None:
        return None
    month, number = _MONTHS[m.group(1)], int(m.group(2))
    return (month, number) if 1 <= number <= calendar.monthrange(2024, month)[1] else None


@functools.lru_cache(maxsize=8192)
def calendar_quarter(text: str) -> tuple[int, int] | None:
    """(quarter, year) of a quarter of a calendar year ("Q3 2024", "2024 Q3"): read so, though
    a UK force, whose year runs April to March, may mean its financial year's quarter. None for
    anything else, a financial year's quarter ("Q3 2024/25") among them."""
    value = re.sub(r"\s+", " ", text).strip().lower()
    if m := _QUARTER.match(value):
        quarter, year = m.group(1), m.group(2)
    elif m := _QUARTER_AFTER.match(value):
        quarter, year = m.group(2), m.group(1)
    else:
        return None
    year = year.strip()
    return (int(quarter), int(year)) if _YEAR.match(year) else None


@functools.lru_cache(maxsize=8192)
def month_and_year(text: str) -> bool:
    """Whether a date names a month and its year and nothing that could be a day
    ("Mar-24", "March 2024", "03/2024"; not "Sept 24", which may be 24 September)."""
    value = re.sub(r"\s+", " ", text).strip().lower()
    return (
        (_MONTH_YEAR.match(value) is not None or _NUMERIC_MONTH_YEAR.match(value) is not None)
        and month_or_day(value) is None
        and read_date(text).kind is DateKind.DATE
    )


@functools.lru_cache(maxsize=8192)
def wants_a_year(text: str) -> bool:
    """Whether an unreadable date reads once it is given a year ("End of March", "31st March").

    A bare month is not read from the plan's reporting year: the reading is the text's
    alone, and "End of March" would mean another year as the periods roll on.
    """
    norm = re.sub(r"\s+", " ", text).strip().lower()
    if read_date(text).kind is not DateKind.UNKNOWN or not _NAMES_A_PART.search(norm):
        return False
    return _parse_when(f"{norm} 2024") is not None


def _financial_year(value: str) -> int | None:
    """The year a UK financial year starts ("2024/25" -> 2024), if the text is one."""
    m = _FINANCIAL_YEAR.match(value)
    if not m:
        return None
    start, end = _year(m.group(1)), _year(m.group(2))
    return start if end == start + 1 else None


def _quarter_end(quarter: int, year_text: str) -> dt.date | None:
    """Q1 of a financial year ends 30 June; Q1 of a calendar year, 31 March."""
    year_text = year_text.removeprefix("fy").strip()
    if (start := _financial_year(year_text)) is not None:
        month = 3 + 3 * quarter  # Q1 June, Q2 September, Q3 December, Q4 March
        year = start + (month - 1) // 12
        return _month_end(year, (month - 1) % 12 + 1)
    if _YEAR.match(year_text):
        return _month_end(int(year_text), 3 * quarter)
    return None


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])

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
_DAY_MONTH_YEAR = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}}|\d{{2}})$"
)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?[\s\-/,]+(\d{{4}}|\d{{2}})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class DateReading:
    """The structured reading of a date text; ``text`` is kept exactly as written."""

    text: str
    kind: DateKind
    due: dt.date | None = None
    review: dt.date | None = None

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
                due += f", overdue by {days} day{'s' if days != 1 else ''}"
            parts.append(due)
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
    return DateReading(original, DateKind.DATE, due, review)


def _split_review(norm: str) -> tuple[str, str]:
    match = _REVIEW.search(norm)
    if not match:
        return norm, ""
    return norm[: match.start()].strip(), norm[match.end() :].strip(" -–,;:()")


def _parse_when(text: str) -> dt.date | None:
    """A single date in any of the forms trackers use, or None."""
    value = _LEAD_IN.sub("", text.lower().strip(" -–,;:()")).strip()
    try:
        if m := _DMY.match(value):
            return dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _ISO.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DAY_MONTH_YEAR.match(value):
            return dt.date(_year(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        if m := _MONTH_YEAR.match(value):
            return _month_end(_year(m.group(2)), _MONTHS[m.group(1)])
        if m := _NUMERIC_MONTH_YEAR.match(value):
            return _month_end(int(m.group(2)), int(m.group(1)))
        if m := _YEAR.match(value):
            return dt.date(int(m.group(1)), 12, 31)
    except ValueError:  # 31/02/2024, month 13...
        return None
    return None


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])

"""Reading objective headings: "OBJECTIVE ONE: PREVENT CRIME", "1. Prevent crime", "SUMMARY".

Used by the rows step. Takes heading rows and objective-column cells; gives
each objective's number and title, and :class:`ObjectiveHeadings` settles which
objective a heading with no number titles (the one the deliverables below it
name), warning where a heading and the references below it disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nhp_planner.io.tracker.sheets import SheetWarnings
from nhp_planner.model.entities import Objective

#: Text read but not imported: (row, column, text), warned of if it sits between deliverables.
Note = tuple[int, int, str]

_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
_NUMBER_WORDS = {word: n for n, word in enumerate(_WORDS)}
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_NUMBER = rf"\d{{1,3}}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))}|[ivx]{{1,4}}"
_OBJECTIVE_HEADING = re.compile(
    rf"^(?:strategic\s+)?objective(?:\s+(?:no\.?\s*)?(?P<number>{_NUMBER})\b)?"
    r"\s*(?P<sep>[:.\-–—)]*)\s*(?P<title>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,3})\s*[.:)\-–]\s*(?P<title>\D.*)$", re.DOTALL)


def sentence_case(title: str) -> str:
    """ALL CAPS headings read as titles: "PREVENT CRIME" -> "Prevent crime"; others as typed."""
    if title.upper() != title or title.lower() == title:
        return title
    lowered = title.lower()
    for index, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:index] + char.upper() + lowered[index + 1 :]
    return lowered


def heading_title(text: str) -> str | None:
    """A heading's text as an objective title (None if blank)."""
    title = text.strip()
    return sentence_case(title) if title else None


_SHEET_NUMBER = re.compile(
    r"^\s*(?:(?:obj(?:ective)?|theme|priority|strand|outcome|aim)\.?\s*)?\d+\s*[-–:.)]?\s*",
    re.IGNORECASE,
)


def sheet_title(name: str) -> str | None:
    """A sheet's name as its objective's title: "Obj 1 - Prevent crime" -> "Prevent crime"."""
    return heading_title(_SHEET_NUMBER.sub("", name))


def objective_heading(text: str) -> tuple[int | None, str | None] | None:
    """Read "OBJECTIVE ONE: PREVENT CRIME" as (1, "Prevent crime"); None if not such a heading.

    >>> objective_heading("Objective 2"), objective_heading("OBJECTIVE: PREVENT CRIME")
    ((2, None), (None, 'Prevent crime'))
    """
    match = _OBJECTIVE_HEADING.match(text.strip())
    if not match:
        return None
    raw_number, title = match.group("number"), match.group("title").strip()
    if raw_number is None and not match.group("sep"):
        return None  # "Objectives of the plan..." is prose, not a heading
    roman = raw_number is not None and raw_number.lower() in _ROMAN
    if roman and title[:1].isalpha() and not match.group("sep"):
        return None  # "Objective I: Safer streets" is a heading; without the colon, maybe prose
    return _number(raw_number), heading_title(title)


def numbered_heading(text: str) -> tuple[int, str | None] | None:
    """Read "1. Prevent crime" as (1, "Prevent crime"); None if the text is not numbered so."""
    numbered = _NUMBERED_HEADING.match(text)
    if numbered is None:
        return None
    return int(numbered.group("number")), heading_title(numbered.group("title"))


def objective_cell_reading(text: str) -> tuple[int | None, str | None]:
    """An objective column's cell: "Objective 1: Prevent crime", "1. Prevent crime" or a title."""
    heading = objective_heading(text)
    if heading is not None:
        return heading
    return numbered_heading(text) or (None, heading_title(text))


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered.isdigit():
        return int(lowered)
    return _NUMBER_WORDS.get(lowered, _ROMAN.get(lowered))


class ObjectiveHeadings:
    """The objective titles a sheet's heading rows and objective column give, as they are read."""

    def __init__(self, warnings: SheetWarnings, notes: list[Note]) -> None:
        self._warnings = warnings
        self._notes = notes
        self.titles: dict[int, str | None] = {}
        self._title_rows: dict[int, int] = {}
        #: An objective heading with no number, claimed by the next deliverable of a new
        #: objective: (title, row, the objective of the deliverable above it or -1).
        self._pending: tuple[str | None, int, int] | None = None
        #: A numbered heading not yet followed by a deliverable: (number, row).
        self._numbered: tuple[int, int] | None = None
        #: The objective the last numbered heading (or objective cell) named.
        self.section: int | None = None

    def heading(
        self, number: int | None, title: str | None, row: int, last_objective: int | None
    ) -> None:
        """A heading row; one with no number waits for the deliverable below to number it."""
        self._leave_pending()
        if number is None:
            self._pending = (title, row, last_objective if last_objective is not None else -1)
            return
        if number in self.titles and self.titles[number] != title and title is not None:
            self._warnings.add(
                row,
                None,
                f"objective {number} has a second heading row (first at row "
                f"{self._title_rows[number]}); the first title was kept",
            )
        elif number not in self.titles or self.titles[number] is None:
            self._set_title(number, title, row)
        self._numbered = (number, row)
        self.section = number

    @property
    def unnumbered(self) -> tuple[str | None, int] | None:
        """The heading with no number that waits for the deliverable below it: (title, row)."""
        return None if self._pending is None else (self._pending[0], self._pending[1])

    def objective_cell(self, text: str) -> None:
        """An objective column's "1. Prevent crime" numbers the rows that follow it."""
        number = objective_cell_reading(text)[0] if text else None
        if number is not None:
            self.section = number

    def cell_title(self, number: int, text: str, row: int) -> None:
        """A deliverable's objective cell titles its objective, if nothing titled it before."""
        if text and number not in self.titles:
            self._set_title(number, objective_cell_reading(text)[1], row)

    def claim(self, number: int, row: int) -> None:
        """A deliverable settles the heading rows above it: which objective they title."""
        if self._pending is not None:
            title, heading_row, before = self._pending
            self._pending = None
            if number != before:
                if number not in self.titles or self.titles[number] is None:
                    self._set_title(number, title, heading_row)
            else:
                self._notes.append((heading_row, 0, title or ""))
        if self._numbered is not None:
            heading_number, heading_row = self._numbered
            self._numbered = None
            if heading_number != number:
                self._warnings.add(
                    heading_row,
                    None,
                    f"this heading names objective {heading_number}, but the deliverable "
                    f"below it at row {row} is numbered for objective {number}; each "
                    "deliverable goes under the objective its reference names",
                )

    def finish(self) -> None:
        """The sheet has ended: a heading no deliverable claimed is a note."""
        self._leave_pending()

    def objectives(self, numbers: Iterable[int]) -> tuple[Objective, ...]:
        """The objectives of these deliverables' numbers and of every titled heading."""
        every = set(numbers) | set(self.titles)
        return tuple(Objective(n, self.titles.get(n)) for n in sorted(every))

    def _leave_pending(self) -> None:
        if self._pending is not None:
            self._notes.append((self._pending[1], 0, self._pending[0] or ""))
            self._pending = None

    def _set_title(self, number: int, title: str | None, row: int) -> None:
        self.titles[number] = title
        self._title_rows[number] = row

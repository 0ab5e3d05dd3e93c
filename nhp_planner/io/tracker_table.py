"""Reading a tracker's rows once the header is found: deliverables, objective rows, the RAG key.

Works on rows of cell values from any source (an Excel sheet, a CSV file), so
the rules for hand-kept trackers live in one place:

- A row with a reference ("1.4", or "1.4 We will ..." in one cell) is a deliverable.
- A row with no reference directly below a deliverable continues it (a row
  split across a page break): its text joins the cells above with one space,
  and a RAG found only there belongs to the deliverable.
- "OBJECTIVE ONE: PREVENT CRIME..." starts an objective; a heading row with no
  number ("SUMMARY POSITION") takes its number from the references below it.
- "GREEN | Complete/established" rows are the plan's RAG key.
- Blank rows, notes and anything else are not deliverables; rows that look
  like one are reported with their sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from openpyxl.utils import get_column_letter

from nhp_planner.io.importing import ImportWarning
from nhp_planner.io.tracker_headers import (
    COMMITMENT,
    DATE,
    LEAD,
    OBJECTIVE,
    RAG,
    REF,
    SUMMARY,
    HeaderMatch,
    leading_ref,
)
from nhp_planner.model.dates import format_day_first
from nhp_planner.model.entities import Deliverable, Objective
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import RATED, Rag, RagKey, parse_rag
from nhp_planner.model.refs import REF_PATTERN, normalise_ref, objective_number

#: Text fields of a deliverable, as the tracker's columns fill them.
TEXT_FIELDS = (COMMITMENT, SUMMARY, DATE, LEAD)
#: Reading stops after this many empty rows in a row: sheets formatted to row 1,048,576
#: hold a million empty rows, and no table has a gap that long.
BLANK_ROWS_ENDING_TABLE = 2_000
_LONGEST_TITLE = 200

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
#: "Ref 1.4", "No. 1.4", "NHP-1.4": a word before the number that is not part of it.
_REF_PREFIX = re.compile(r"^(?:ref(?:erence)?|no|[a-z]{1,5})\.?[\s\-_:]*(?=\d)", re.IGNORECASE)
_KEY_ENTRY = re.compile(r"^(?P<rag>green|amber|red)\s*[:=\-–]\s*(?P<meaning>\S.*)$", re.I | re.S)
_LEADING_RAG = re.compile(r"^(green|amber|red)\b(?!\s*/)", re.IGNORECASE)
_AS_AT = re.compile(
    r"\b(as at|as of|position|update|updated|period|reporting|report for|month of)\b", re.I
)
#: Coloured circles and squares some trackers put in the RAG column.
_RAG_SYMBOLS = {
    "🟢": Rag.GREEN, "🟩": Rag.GREEN, "🟠": Rag.AMBER, "🟡": Rag.AMBER,
    "🟧": Rag.AMBER, "🟨": Rag.AMBER, "🔴": Rag.RED, "🟥": Rag.RED,
}  # fmt: skip
_MARKING = re.compile(
    r"^(official([- ]sensitive)?|not protectively marked|restricted|confidential|secret"
    r"|appendix\s+\w+)\b",
    re.IGNORECASE,
)


class CellStyles(Protocol):
    """What the source knows of a cell beyond its value: its fill colour (none for CSV)."""

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        """The RAG the cell's fill colour shows, if any."""

    def shaded(self, row: SheetRow, column: int) -> bool:
        """Whether the cell is filled with a visible colour (objective rows often are)."""


class SheetRow(NamedTuple):
    """One row of a sheet: its number (1-based), cell values by column, the source's cells."""

    number: int
    values: Sequence[object]
    cells: Sequence[Any] = ()


def value_text(value: object) -> str:
    """A cell value as the text a person sees: dates day-first ("31/03/2024"), 3.0 as "3"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return format_day_first(value.date())
    if isinstance(value, dt.date):
        return format_day_first(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value).strip()


def sentence_case(title: str) -> str:
    """ALL CAPS headings read as titles: "PREVENT CRIME" -> "Prevent crime"; others as typed."""
    if title.upper() != title or title.lower() == title:
        return title
    lowered = title.lower()
    for index, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:index] + char.upper() + lowered[index + 1 :]
    return lowered


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
    return _number(raw_number), _title(title)


def _objective_cell_reading(text: str) -> tuple[int | None, str | None]:
    """An objective column's cell: "Objective 1: Prevent crime", "1. Prevent crime" or a title."""
    heading = objective_heading(text)
    if heading is not None:
        return heading
    numbered = _NUMBERED_HEADING.match(text)
    if numbered:
        return int(numbered.group("number")), _title(numbered.group("title"))
    return None, _title(text)


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered.isdigit():
        return int(lowered)
    return _NUMBER_WORDS.get(lowered, _ROMAN.get(lowered))


def _title(text: str) -> str | None:
    title = text.strip()
    return sentence_case(title) if title else None


class _Entry:
    """A deliverable being read: its first row, its texts, and its RAG as word, fill or both."""

    __slots__ = (
        "fill_rag", "rag", "rag_row", "rag_text", "ref", "ref_column", "row", "skipped", "texts",
    )  # fmt: skip

    def __init__(
        self, ref: str, row: int, ref_column: int, texts: dict[str, str], *, skipped: bool = False
    ) -> None:
        self.ref = ref
        self.row = row
        self.ref_column = ref_column
        self.texts = texts
        self.skipped = skipped
        self.rag_text = ""
        self.rag: Rag | None = None
        self.rag_row = 0
        self.fill_rag: Rag | None = None

    def join(self, texts: dict[str, str]) -> None:
        """Add a continuation row's texts, each to the text above with one space."""
        for name, text in texts.items():
            if text:
                above = self.texts.get(name)
                self.texts[name] = f"{above} {text}" if above else text


@dataclass(frozen=True, slots=True)
class TableReading:
    """What a sheet's table holds, ready to become a plan document."""

    title: str | None
    #: A month named above the table ("Position as at January 2024"), when the header names none.
    period: ReportingPeriod | None
    rag_key: RagKey | None
    objectives: tuple[Objective, ...]
    deliverables: tuple[Deliverable, ...]
    fields: frozenset[str]
    warnings: tuple[ImportWarning, ...]


class TableReader:
    """Reads the rows of one sheet, given its header; feed every row to :meth:`read`."""

    def __init__(self, header: HeaderMatch, styles: CellStyles, sheet: str | None) -> None:
        self.header = header
        self.styles = styles
        self.sheet = sheet
        columns = header.columns
        self._ref = columns.get(REF)
        self._rag = columns.get(RAG)
        self._objective = columns.get(OBJECTIVE)
        self._text_columns = tuple((name, columns[name]) for name in TEXT_FIELDS if name in columns)
        self._table_columns = frozenset(columns.values())
        self._short_columns = frozenset(columns[f] for f in (RAG, DATE, LEAD) if f in columns)
        self._title: str | None = None
        self._period: ReportingPeriod | None = None
        self._key: dict[Rag, str] = {}
        self._key_words: dict[str, Rag] = {}
        self._titles: dict[int, str | None] = {}
        self._title_rows: dict[int, int] = {}
        self._entries: dict[str, _Entry] = {}
        self._current: _Entry | None = None
        self._last_objective: int | None = None
        #: An objective heading with no number, claimed by the next deliverable of a new
        #: objective: (title, row, the objective of the deliverable above it or -1).
        self._pending: tuple[str | None, int, int] | None = None
        #: A numbered heading not yet followed by a deliverable: (number, row).
        self._numbered: tuple[int, int] | None = None
        self._notes: list[tuple[int, int, str]] = []  # (row, column, text) not imported
        self._warnings: list[ImportWarning] = []
        self._rag_words: dict[str, Rag | None] = {}
        #: The objective the last numbered heading (or objective cell) named.
        self._section: int | None = None
        self._numbered_within = False
        self._split_refs = False
        self._last_deliverable_row = 0
        self._last_ref: dict[int, str] = {}

    # --------------------------------------------------------------- rows

    def read(self, rows: Iterable[SheetRow]) -> TableReading:
        """Read every row of the sheet (the preamble above the header too)."""
        header = self.header
        blank_run = 0
        for row in rows:
            if row.number < header.first_row:
                self._preamble(row)
                continue
            if row.number <= header.last_row:
                continue
            if not any(row.values):
                # A blank row ends a deliverable that ran on from above (so does one of spaces).
                self._current = None
                blank_run += 1
                if blank_run >= BLANK_ROWS_ENDING_TABLE:
                    break
                continue
            blank_run = 0
            self._table_row(row)
        return self._finish()

    def _preamble(self, row: SheetRow) -> None:
        """Rows above the header: the title, a subtitle naming the month, the RAG key."""
        cells = _filled(row.values)
        if not cells or self._key_row(cells, letters=True):
            return
        text = cells[0][1]
        if self._period is None and _AS_AT.search(text):
            self._period = ReportingPeriod.from_label(text)  # "Position as at January 2024"
        if _MARKING.match(text) or not any(c.isalpha() for c in text):
            return
        # A title stands alone on its row; a row of several cells is some other table.
        if len(cells) == 1 and self._title is None:
            self._title = text

    def _table_row(self, row: SheetRow) -> None:
        values = row.values
        width = len(values)
        ref_value = values[self._ref] if self._ref is not None and self._ref < width else None
        if self._objective is not None and self._objective < width:
            self._objective_cell(values[self._objective])
        ref, ref_rest = self._read_ref(ref_value)
        if ref is None and ref_value is not None:
            ref = self._item_number(ref_value, row.number)
        texts = {
            name: value_text(values[column]) if column < width else ""
            for name, column in self._text_columns
        }
        ref_column = self._ref if self._ref is not None else -1
        if self._ref is None and texts.get(COMMITMENT):
            # No reference column: "1.4 We will ..." carries its reference in the text.
            split = leading_ref(texts[COMMITMENT])
            if split is not None:
                ref, texts[COMMITMENT] = split
                ref_column = self.header.columns[COMMITMENT]
        elif ref is not None and ref_rest:
            if texts.get(COMMITMENT):
                texts[COMMITMENT] = f"{ref_rest} {texts[COMMITMENT]}"
            else:
                texts[COMMITMENT] = ref_rest
            self._split_refs = True
        if ref is not None:
            self._deliverable(row, ref, ref_value, ref_column, texts)
            return
        self._other_row(row, texts)

    def _read_ref(self, value: object) -> tuple[str | None, str]:
        """The reference in the ref cell, and any text after it ("1.4 We will ...")."""
        if value is None:
            return None, ""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return normalise_ref(value_text(value)), ""
        text = value_text(value)
        if REF_PATTERN.match(text):  # the usual "1.4", without normalise_ref's rewriting
            return text.lower(), ""
        text = _REF_PREFIX.sub("", text)
        ref = normalise_ref(text)
        if ref is not None:
            return ref, ""
        return leading_ref(text) or (None, "")

    def _deliverable(
        self,
        row: SheetRow,
        ref: str,
        ref_value: object,
        ref_column: int,
        texts: dict[str, str],
    ) -> None:
        if isinstance(ref_value, float):
            ref = self._numeric_ref(ref, ref_value, row.number, ref_column)
        number = objective_number(ref)
        self._claim_headings(number, row.number)
        if ref in self._entries:
            first = self._entries[ref]
            self._warn(
                row.number,
                ref_column,
                f"{ref} appears again (first at row {first.row}); this row was not imported",
            )
            self._current = _Entry(ref, row.number, ref_column, {}, skipped=True)
            return
        entry = _Entry(ref, row.number, ref_column, texts)
        self._entries[ref] = entry
        self._current = entry
        self._last_objective = number
        self._last_ref[number] = ref
        self._last_deliverable_row = row.number
        if self._rag is not None:
            self._read_rag(entry, row)
        if self._objective is not None and self._objective < len(row.values):
            text = value_text(row.values[self._objective])
            if text and number not in self._titles:
                self._titles[number] = _objective_cell_reading(text)[1]
                self._title_rows[number] = row.number

    def _objective_cell(self, value: object) -> None:
        """An objective column's "1. Prevent crime" numbers the rows that follow it."""
        text = value_text(value)
        number = _objective_cell_reading(text)[0] if text else None
        if number is not None:
            self._section = number

    def _item_number(self, value: object, row: int) -> str | None:
        """Read "3" under objective 2 as 2.3, for trackers that number within each objective."""
        text = value_text(value)
        if not text.isdigit() or len(text) > 3 or self._section is None:
            return None
        ref = f"{self._section}.{int(text)}"
        if not self._numbered_within:
            self._numbered_within = True
            self._warn(
                row,
                self._ref,
                f"references are numbered within each objective, so {text} under objective "
                f"{self._section} is read as {ref}, and so on",
            )
        return ref

    def _numeric_ref(self, ref: str, value: float, row: int, column: int) -> str:
        """Excel turns a typed 1.10 into the number 1.1; after 1.9, it must have been 1.10."""
        previous = self._last_ref.get(objective_number(ref))
        parts = previous.split(".") if previous else []
        if len(parts) != 2 or not parts[1].isdigit() or "." not in ref:
            return ref
        for zeros in ("0", "00"):
            candidate = ref + zeros
            if int(candidate.split(".")[1]) == int(parts[1]) + 1 and candidate not in self._entries:
                self._warn(
                    row,
                    column,
                    f"the reference is the number {value_text(value)}; read as {candidate} "
                    f"because it follows {previous} (format the column as Text to keep "
                    "references like 1.10 exactly)",
                )
                return candidate
        return ref

    def _read_rag(self, entry: _Entry, row: SheetRow) -> None:
        """The RAG cell of one of the deliverable's rows: its word, else its fill."""
        assert self._rag is not None
        values = row.values
        text = value_text(values[self._rag]) if self._rag < len(values) else ""
        rag = None
        if text:
            rag = self._rag_word(text)
            if not entry.rag_text:
                entry.rag_text, entry.rag_row, entry.rag = text, row.number, rag
        if rag is None and entry.fill_rag is None:
            entry.fill_rag = self.styles.rag(row, self._rag)
            if entry.fill_rag is not None and not entry.rag_row:
                entry.rag_row = row.number

    def _rag_word(self, text: str) -> Rag | None:
        """A RAG cell's text read as a rating; trackers repeat a few words, so each is read once."""
        try:
            return self._rag_words[text]
        except KeyError:
            rag = parse_rag(text) or _RAG_SYMBOLS.get(text)
            if rag is None and (leading := _LEADING_RAG.match(text)):
                rag = Rag(leading.group(1).upper())  # "Green - on track"
            self._rag_words[text] = rag
            return rag

    def _other_row(self, row: SheetRow, texts: dict[str, str]) -> None:
        """A row without a reference: a continuation, objective heading, the key or a note."""
        cells = _filled(row.values)
        if not cells:
            self._current = None
            return
        first_column, first_text = cells[0]
        heading = objective_heading(first_text)
        if heading is not None and heading[1] is None and len(cells) > 1:
            heading = (heading[0], _title(cells[1][1]))  # "Objective 1" | "Prevent crime"
        if heading is not None:
            self._heading(heading[0], heading[1], row.number)
            return
        current = self._current
        if current is None and self._key_row(cells, letters=False):
            return
        single = len(cells) == 1
        # One capitalised or shaded cell is a heading ("SUMMARY POSITION"), unless it sits
        # under RAG, Date or Lead, where "TBC" alone is the tail of a split row.
        heading_like = (
            single
            and first_column not in self._short_columns
            and (first_text.isupper() or self.styles.shaded(row, first_column))
        )
        ref_column = self._ref if self._ref is not None else -1
        continues = (
            current is not None
            and not heading_like
            and all(c in self._table_columns and c != ref_column for c, _ in cells)
        )
        if continues:
            assert current is not None
            if not current.skipped:
                current.join(texts)
                if self._rag is not None:
                    self._read_rag(current, row)
            return
        self._current = None
        if single and len(first_text) <= _LONGEST_TITLE:
            numbered = _NUMBERED_HEADING.match(first_text)
            if heading_like and numbered:
                self._heading(
                    int(numbered.group("number")), _title(numbered.group("title")), row.number
                )
                return
            if heading_like or first_column == ref_column or first_column == 0:
                self._heading(None, _title(first_text), row.number)
                return
        commitment = texts.get(COMMITMENT)
        if commitment and (
            any(texts.get(f) for f in (SUMMARY, DATE))
            or (self._rag is not None and self._rag_cell(row))
        ):
            self._warn(
                row.number,
                self.header.columns[COMMITMENT],
                "looks like a deliverable but has no reference (such as 1.4), "
                "so it was not imported",
            )
            return
        self._notes.append((row.number, first_column, first_text))

    def _rag_cell(self, row: SheetRow) -> bool:
        assert self._rag is not None
        values = row.values
        return bool(self._rag < len(values) and value_text(values[self._rag]))

    def _heading(self, number: int | None, title: str | None, row: int) -> None:
        self._current = None
        if self._pending is not None:
            self._notes.append((self._pending[1], 0, self._pending[0] or ""))
            self._pending = None
        if number is None:
            self._pending = (
                title,
                row,
                self._last_objective if self._last_objective is not None else -1,
            )
            return
        if number in self._titles and self._titles[number] != title and title is not None:
            self._warn(
                row,
                None,
                f"objective {number} has a second heading row (first at row "
                f"{self._title_rows[number]}); the first title was kept",
            )
        elif number not in self._titles or self._titles[number] is None:
            self._titles[number] = title
            self._title_rows[number] = row
        self._numbered = (number, row)
        self._section = number

    def _claim_headings(self, number: int, row: int) -> None:
        """A deliverable settles the heading rows above it: which objective they title."""
        if self._pending is not None:
            title, heading_row, before = self._pending
            self._pending = None
            if number != before:
                if number not in self._titles or self._titles[number] is None:
                    self._titles[number] = title
                    self._title_rows[number] = heading_row
            else:
                self._notes.append((heading_row, 0, title or ""))
        if self._numbered is not None:
            heading_number, heading_row = self._numbered
            self._numbered = None
            if heading_number != number:
                self._warn(
                    heading_row,
                    None,
                    f"this heading names objective {heading_number}, but the deliverable "
                    f"below it at row {row} is numbered for objective {number}; each "
                    "deliverable goes under the objective its reference names",
                )

    def _key_row(self, cells: list[tuple[int, str]], *, letters: bool) -> bool:
        """Read a RAG key row ("GREEN | Complete/established"); True if the row is one."""
        found: dict[Rag, str] = {}
        index = 0
        while index < len(cells):
            text = cells[index][1]
            entry = _KEY_ENTRY.match(text)
            if entry:
                found[Rag(entry.group("rag").upper())] = entry.group("meaning").strip()
                index += 1
                continue
            rag = parse_rag(text)
            is_word = text.strip().lower() in ("green", "amber", "red")
            if rag in RATED and (is_word or letters) and index + 1 < len(cells):
                meaning = cells[index + 1][1]
                if parse_rag(meaning) is None:
                    assert rag is not None
                    found[rag] = meaning
                    index += 2
                    continue
            return False
        if not found:
            return False
        for rag, meaning in found.items():
            self._key.setdefault(rag, meaning)
            self._key_words.setdefault(" ".join(meaning.lower().split()), rag)
        return True

    # ------------------------------------------------------------- result

    def _finish(self) -> TableReading:
        if self._pending is not None:
            self._notes.append((self._pending[1], 0, self._pending[0] or ""))
        for row, column, _ in self._notes:
            if row < self._last_deliverable_row:
                self._warn(
                    row,
                    column,
                    "text between deliverables with no reference (such as 1.4), "
                    "so it was not imported",
                )
        deliverables = []
        for entry in self._entries.values():
            deliverable = self._deliverable_of(entry)
            if deliverable is not None:
                deliverables.append(deliverable)
        numbers = {d.objective for d in deliverables} | set(self._titles)
        objectives = tuple(Objective(n, self._titles.get(n)) for n in sorted(numbers))
        fields = {"ref", "objective"} | {name for name, _ in self._text_columns}
        if self._rag is not None:
            fields.add(RAG)
        if self._split_refs:
            fields.add(COMMITMENT)
        key = None
        if self._key:
            default = RagKey()
            key = RagKey(
                green=self._key.get(Rag.GREEN, default.green),
                amber=self._key.get(Rag.AMBER, default.amber),
                red=self._key.get(Rag.RED, default.red),
            )
        warnings = sorted(self._warnings, key=lambda w: (w.row or 0, w.column or ""))
        return TableReading(
            title=self._title,
            period=self._period,
            rag_key=key,
            objectives=objectives,
            deliverables=tuple(deliverables),
            fields=frozenset(fields),
            warnings=tuple(warnings),
        )

    def _deliverable_of(self, entry: _Entry) -> Deliverable | None:
        texts = entry.texts
        commitment = texts.get(COMMITMENT, "")
        summary = texts.get(SUMMARY, "")
        if not commitment and not summary:
            if not (entry.rag_text or entry.fill_rag or texts.get(DATE) or texts.get(LEAD)):
                self._warn(
                    entry.row,
                    entry.ref_column,
                    f"{entry.ref} has a reference but no text, so it was not imported",
                )
                return None
            self._warn(
                entry.row,
                self.header.columns.get(COMMITMENT, entry.ref_column),
                f"{entry.ref} has no deliverable text",
            )
        return Deliverable(
            ref=entry.ref,
            objective=objective_number(entry.ref),
            commitment=commitment,
            summary_position=summary,
            rag=self._rag_of(entry),
            date_text=texts.get(DATE, ""),
            lead=texts.get(LEAD) or None,
        )

    def _rag_of(self, entry: _Entry) -> Rag:
        text = entry.rag_text
        if not text:
            return entry.fill_rag or Rag.NOT_RATED
        if entry.rag is not None:
            return entry.rag
        # The plan's own key wording ("In progress"); the key may sit below the table.
        rag = self._key_words.get(" ".join(text.lower().split()))
        if rag is not None:
            return rag
        if entry.fill_rag is not None:
            outcome = f"read as {entry.fill_rag.label} from the cell's colour"
        else:
            outcome = "left not rated"
        self._warn(
            entry.rag_row,
            self._rag,
            f"{entry.ref}: '{_shorten(text)}' is not a RAG rating (GREEN, AMBER, RED); {outcome}",
        )
        return entry.fill_rag or Rag.NOT_RATED

    def _warn(self, row: int, column: int | None, message: str) -> None:
        letter = get_column_letter(column + 1) if column is not None and column >= 0 else None
        self._warnings.append(ImportWarning(message, self.sheet, row, letter))


def _filled(values: Sequence[object]) -> list[tuple[int, str]]:
    """The row's non-empty cells as (column, text)."""
    return [(c, t) for c, v in enumerate(values) if v is not None and (t := value_text(v))]


def _shorten(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""Step 5, rows: every row of the chosen table told apart, the deliverables' cells gathered.

Takes the sheet's rows (from any source: an Excel sheet, a CSV file) and its
header; gives :class:`RowsRead`: an :class:`Entry` per reference, the
objective headings, the RAG vocabulary and the notes, for the deliverables
step. The rules for hand-kept trackers live here:

- A row with a reference ("1.4", or "1.4 We will ..." in one cell) is a deliverable.
- A row with no reference directly below a deliverable continues it (a row
  split across a page break): its text joins the cells above with one space,
  and a RAG found only there belongs to the deliverable.
- "OBJECTIVE ONE: PREVENT CRIME..." starts an objective; a heading row with no
  number ("SUMMARY POSITION", or one cell shaded or bolder than the deliverable
  above) takes its number from the references below it.
- "Total | 12" and "Green | 5" count the table; "* ..." and "Note: ..." are notes.
- A deliverable struck through was dropped: it is not imported, and said.
- "GREEN | Complete/established" rows, and "Key: G = Complete, A = ..." in one cell, are
  the plan's RAG key.
- Rows above the header give the title and the month ("Position as at January 2024").
- Blank rows, notes and anything else are not deliverables; rows that look
  like one are reported with their sheet, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from nhp_planner.io.tracker.headers import (
    COMMITMENT,
    DATE,
    LEAD,
    OBJECTIVE,
    RAG,
    REF,
    SUMMARY,
    HeaderMatch,
    meanings,
    normalise_heading,
)
from nhp_planner.io.tracker.objectives import (
    Note,
    ObjectiveHeadings,
    heading_title,
    numbered_heading,
    objective_heading,
)
from nhp_planner.io.tracker.periods import period_of_title
from nhp_planner.io.tracker.rag_words import RagVocabulary
from nhp_planner.io.tracker.refs import (
    RefGuesses,
    item_digits,
    leading_ref,
    more_than_one_ref,
    read_ref,
)
from nhp_planner.io.tracker.sheets import CellStyles, SheetRow, SheetWarnings, filled, value_text
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import Rag
from nhp_planner.model.refs import objective_number

#: Text fields of a deliverable, as the tracker's columns fill them.
TEXT_FIELDS = (COMMITMENT, SUMMARY, DATE, LEAD)
#: Reading stops after this many empty rows in a row: sheets formatted to row 1,048,576
#: hold a million empty rows, and no table has a gap that long.
BLANK_ROWS_ENDING_TABLE = 2_000
_LONGEST_TITLE = 200
_MARKING = re.compile(
    r"^(official([- ]sensitive)?|not protectively marked|restricted|confidential|secret"
    r"|appendix\s+\w+)\b",
    re.IGNORECASE,
)
#: A line that is a note, not text run on from the row above: "* ...", "Note: ...", "NB ...".
_NOTE = re.compile(r"^(\*|†|notes?\b|nb\b|n\.b\.|please note\b)", re.IGNORECASE)
#: Words that say a line above the table is the plan's title, not the force or a date.
_PLAN_TITLE = re.compile(
    r"\b(plan|tracker|strateg(y|ic)|delivery|nhp|neighbourhood policing)\b", re.IGNORECASE
)
#: A total row's label ("Total", "Grand total: 12", "Sub-total") and a count's label ("Green").
_TOTAL = re.compile(
    r"^((grand|sub)[\s-]*)?totals?(\s+(deliverables|actions|items))?\s*[:=]?\s*\d*$", re.I
)
_COUNTED = re.compile(r"^(green|amber|red|blue|not rated|[gar])\s*:?$", re.IGNORECASE)
_RATED = r"(green|amber|red|blue|not rated|complete[d]?|deliverables|actions|items)"
_ONE_COUNT = rf"(\d+\s+{_RATED}|{_RATED}\s*[:=-]?\s*\d+)"
#: Counts written out in one cell: "Total: 12 Green", "1 Amber, 0 Red", "Green: 5 / Red: 1".
_COUNT_LINE = re.compile(
    rf"^((grand\s+|sub[\s-]*)?totals?\b\s*[:=-]?\s*)?{_ONE_COUNT}(\s*[,;/]\s*{_ONE_COUNT})*\.?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\d+(\.\d+)?%?$")
#: Words in brackets after a reference ("1.2 (new)", "1.4 [moved]"): a mark, not its text.
_ASIDE = re.compile(r"^[(\[][^()\[\]]*[)\]]$")
_ASIDE_SAID = "the reference is written '{written}': read as {ref}, and '{rest}' was not imported"
_DROPPED = "{ref} is struck through, as a dropped deliverable is, so it was not imported"
#: A RAG word whose cell's colour is another rating's (one was changed, not the other):
#: the word is read, and said.
_DISAGREES = (
    "{ref}: the RAG is written {word} but its cell is coloured {fill.label}; {rag.label}, as "
    "written, was imported: if the colour is right, change the word and import again"
)


def count_row(cells: list[tuple[int, str]]) -> bool:
    """Whether a row counts the table ("Total | 12", "Green | 5", "Total: 2 Green" in one
    cell): not text of a deliverable.

    Trackers total their deliverables, or count each rating, straight under the table.
    """
    label, rest = cells[0][1], [text for _, text in cells[1:]]
    if not rest and _COUNT_LINE.match(label):
        return True
    numbers = all(_NUMBER.match(text) for text in rest)
    if _TOTAL.match(label):
        return numbers
    return bool(rest) and numbers and _COUNTED.match(label) is not None


class TableRefused(ImportFormatError):
    """The table cannot be read right as it stands: the import stops, the file named."""


class DuplicateReference(TableRefused):
    """Two rows have one reference and nothing tells them apart: the import stops."""


def with_duplicates_named(
    source: Path, read: Callable[[Iterable[SheetRow]], RowsRead], rows: Iterable[SheetRow]
) -> RowsRead:
    """Run a table's reading; two rows with one reference stop it, the file named."""
    try:
        return read(rows)
    except TableRefused as error:
        raise ImportFormatError(f"{source}: {error}") from None


def formula_warnings(source: Path, rows: RowsRead, unsaved: dict[int, list[int]]) -> None:
    """Say once per column read that its formulas have no saved results (they read as empty).

    Raises:
        ImportFormatError: references are among them: a row whose reference reads as empty
            would be read as more of the deliverable above it.
    """
    header = rows.header
    ref = header.columns.get(REF, -1)
    refs = [r for r in unsaved.get(ref, []) if r > header.last_row]
    if refs:
        raise ImportFormatError(
            f"{source}: {_where(rows.warnings.sheet)}row {refs[0]}, column "
            f"{get_column_letter(ref + 1)} '{header.headings.get(ref, '')}' is a formula with no "
            "saved result, so which deliverable the row is cannot be told: the workbook was "
            "written by a program that does not calculate; open it in Excel or LibreOffice, "
            "save it, and import it again."
        )
    read = set(header.columns.values()) | {c for m in header.months for c in (m.summary, m.rag)}
    for column in sorted(read & set(unsaved)):
        below = [r for r in unsaved[column] if r > header.last_row]
        if not below:
            continue
        rows.warnings.add(
            below[0],
            column,
            f"'{header.headings.get(column, '')}' holds {counted(len(below), 'formula')} with no "
            f"saved result ({'row' if len(below) == 1 else 'rows'} {_span(below)}), so "
            f"{'it reads' if len(below) == 1 else 'they read'} as empty: the workbook was written "
            "by a program that does not calculate; open it in Excel or LibreOffice, save it, "
            "and import it again",
        )


def notes_for_updates(rows: RowsRead, notes: dict[tuple[int, int], str]) -> None:
    """Say where a deliverable has no update but a note on one of its cells: the update
    may have been written there (notes are not imported)."""
    summary = rows.header.columns.get(SUMMARY)
    if summary is None:
        return
    for entry in rows.entries:
        if entry.texts.get(SUMMARY):
            continue
        noted = sorted((c, t) for (r, c), t in notes.items() if r == entry.row)
        if noted:
            column, text = noted[0]
            rows.warnings.add(
                entry.row,
                column,
                f"{entry.ref} has no update, but its cell {get_column_letter(column + 1)}"
                f"{entry.row} has a note ({_quoted(text)}), and notes are not imported: if it "
                f"is the update, copy it into column {get_column_letter(summary + 1)} "
                f"'{rows.header.headings.get(summary, '')}' and import again",
            )


def merged_over_deliverables(rows: RowsRead, merges: Iterable[tuple[int, int, int, int]]) -> None:
    """Give each deliverable beside a cell merged down over several of them that cell's text.

    "Recruitment paused" merged over the Update cells of 1.1 and 1.2 is both their
    updates; read a row at a time it was 1.1's alone, 1.2 left blank. Said once per cell.

    Args:
        merges: the sheet's merged cells as (first column, first row, last column, last row).
    """
    header = rows.header
    by_row = {entry.row: entry for entry in rows.entries}
    for column, top, _, bottom in merges:
        owner = by_row.get(top)
        below = [by_row[r] for r in range(top + 1, bottom + 1) if r in by_row]
        if owner is None or not below or top <= header.last_row:
            continue
        given = [entry.ref for entry in below if _given(header, column, owner, entry)]
        if given:
            refs = [owner.ref, *given]
            listed = f"{', '.join(refs[:-1])} and {refs[-1]}"
            rows.warnings.add(
                top,
                column,
                f"'{header.headings.get(column, '')}' is one cell merged over rows "
                f"{top}–{bottom}, beside {listed}: it was read as each one's",
            )


def _given(header: HeaderMatch, column: int, owner: Entry, entry: Entry) -> bool:
    """Give ``entry`` the merged cell's text or RAG that ``owner``, its first row's, has."""
    # A tracker of several months keeps each month's update in that month's entry.
    fields = [
        name
        for name in TEXT_FIELDS
        if header.columns.get(name) == column and not (header.months and name == SUMMARY)
    ]
    if fields:
        name = fields[0]
        if entry.texts.get(name) or not owner.texts.get(name):
            return False
        entry.texts[name] = owner.texts[name]
        return True
    pairs = [(owner, entry)] if header.columns.get(RAG) == column and not header.months else []
    for month in header.months:
        if column == month.summary:
            part, top = entry.months[month.period], owner.months[month.period]
            if part.texts.get(SUMMARY) or not top.texts.get(SUMMARY):
                return False
            part.texts[SUMMARY] = top.texts[SUMMARY]
            return True
        if column == month.rag:
            pairs = [(owner.months[month.period], entry.months[month.period])]
    for top, part in pairs:
        if part.rag_text or part.fill_rag or not (top.rag_text or top.fill_rag):
            return False
        part.rag_text, part.rag, part.fill_rag = top.rag_text, top.rag, top.fill_rag
        part.rag_row = top.rag_row
        return True
    return False


def _where(sheet: str | None) -> str:
    return f"sheet '{sheet}', " if sheet else ""


def _span(numbers: list[int]) -> str:
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])


def _quoted(text: str | None, limit: int = 40) -> str:
    flat = " ".join((text or "").split())
    return f"'{flat if len(flat) <= limit else flat[: limit - 1] + '…'}'" if flat else "no text"


class Entry:
    """A deliverable being read: its first row, its texts, and its RAG as word, fill or both."""

    __slots__ = (
        "date_cell", "fill_rag", "months", "rag", "rag_row", "rag_text", "ref", "ref_column", "row",
        "skipped", "texts",
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
        #: The row its date was read from and the cell's value (a number is Excel's day number).
        self.date_cell: tuple[int, object] | None = None
        #: A tracker keeping several months: each month's update and RAG, as entries of their own.
        self.months: dict[ReportingPeriod, Entry] = {}

    def note_date(self, row: SheetRow, column: int | None) -> None:
        """Keep the cell its date is read from (its first row, or a split row's)."""
        if self.date_cell is None and column is not None and _cell_text(row, column):
            self.date_cell = (row.number, row.values[column])

    def join(self, texts: dict[str, str]) -> None:
        """Add a continuation row's texts, each to the text above with one space."""
        for name, text in texts.items():
            if text:
                above = self.texts.get(name)
                self.texts[name] = f"{above} {text}" if above else text


@dataclass(frozen=True, slots=True)
class RowsRead:
    """Everything a table's rows said, before it becomes deliverables."""

    header: HeaderMatch
    title: str | None
    #: A month named above the table, when the header names none.
    period: ReportingPeriod | None
    entries: tuple[Entry, ...]
    headings: ObjectiveHeadings
    vocabulary: RagVocabulary
    notes: tuple[Note, ...]
    last_deliverable_row: int
    #: The deliverable fields the table fills.
    fields: frozenset[str]
    warnings: SheetWarnings


class TableReader:
    """Reads the rows of one sheet, given its header; feed every row to :meth:`read`."""

    def __init__(self, header: HeaderMatch, styles: CellStyles, sheet: str | None) -> None:
        self.header = header
        self.styles = styles
        columns = header.columns
        self._months = header.months
        month_rags = tuple(m.rag for m in header.months)
        self._ref = columns.get(REF)
        # Each month's update and RAG are read into that month's entry, not the deliverable's.
        self._rag = None if header.months else columns.get(RAG)
        self._rag_columns = month_rags or ((self._rag,) if self._rag is not None else ())
        self._objective = columns.get(OBJECTIVE)
        self._text_columns = tuple(
            (name, columns[name])
            for name in TEXT_FIELDS
            if name in columns and not (header.months and name == SUMMARY)
        )
        self._table_columns = frozenset(columns.values()) | {
            c for m in header.months for c in (m.summary, m.rag)
        }
        self._short_columns = frozenset(
            [columns[f] for f in (RAG, DATE, LEAD) if f in columns] + list(month_rags)
        )
        self._warnings = SheetWarnings(sheet)
        self._where = _where(sheet)
        self._notes: list[Note] = []  # text read but not imported
        self._headings = ObjectiveHeadings(self._warnings, self._notes)
        self._vocabulary = RagVocabulary()
        self._refs = RefGuesses(self._warnings, self._ref)
        self._title: str | None = None
        self._first_line: str | None = None
        self._widest = max(header.headings, default=0)
        self._period: ReportingPeriod | None = None
        self._entries: dict[str, Entry] = {}
        self._current: Entry | None = None
        self._last_objective: int | None = None
        self._split_refs = False
        self._last_deliverable_row = 0
        self._left_out = tuple(c for c, _, _ in header.left_out)
        self._written_left_out: set[int] = set()
        self._last_row: SheetRow | None = None
        #: The row a second table starts at, below which nothing is read.
        self._ended = 0

    def read(self, rows: Iterable[SheetRow]) -> RowsRead:
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
            if self._ended:
                break
        self._headings.finish()
        _refuse_an_empty_month(header, self._entries.values(), self._written_left_out, self._where)
        fields = {"ref", "objective"} | {name for name, _ in self._text_columns}
        if self._rag_columns:
            fields.add(RAG)
        if self._months:
            fields.add(SUMMARY)
        if self._split_refs:
            fields.add(COMMITMENT)
        return RowsRead(
            header=header,
            title=self._title or self._first_line,
            period=self._period,
            entries=tuple(self._entries.values()),
            headings=self._headings,
            vocabulary=self._vocabulary,
            notes=tuple(self._notes),
            last_deliverable_row=self._last_deliverable_row,
            fields=frozenset(fields),
            warnings=self._warnings,
        )

    def _preamble(self, row: SheetRow) -> None:
        """Rows above the header: the title, a subtitle naming the month, the RAG key."""
        cells = filled(row.values)
        if not cells or self._vocabulary.key_row(cells, letters=True):
            return
        if len(cells) == 1 and self._vocabulary.key_line(cells[0][1]):
            return
        # A key or a caption to the right of the table stands beside the title block.
        beside = [cell for cell in cells if cell[0] > self._widest]
        if beside and len(beside) < len(cells):
            self._vocabulary.key_row(beside, letters=True)
            cells = [cell for cell in cells if cell[0] <= self._widest]
            if self._vocabulary.key_row(cells, letters=True):
                return
        text = cells[0][1]
        heading = objective_heading(text) if len(cells) == 1 else None
        if heading is not None and heading[0] is not None:
            # "Objective 1: Engaging with communities" over the first block's own header.
            self._heading(heading[0], heading[1], row.number)
            return
        if self._period is None:
            self._period = _period_above(cells)  # "Position as at January 2024"
        if _MARKING.match(text) or not any(c.isalpha() for c in text):
            return
        # A title stands alone on its row; a row of several cells is some other table.
        # Of a title block ("Northshire Police" over "NHP Delivery Plan"), the line
        # naming the plan is its title; else the first line.
        if len(cells) == 1 and self._title is None:
            if _PLAN_TITLE.search(text):
                self._title = text
            elif self._first_line is None:
                self._first_line = text

    def _table_row(self, row: SheetRow) -> None:
        values = row.values
        width = len(values)
        ref_value = values[self._ref] if self._ref is not None and self._ref < width else None
        if self._objective is not None and self._objective < width:
            self._headings.objective_cell(value_text(values[self._objective]))
        _refuse_two_refs(self._where, self.header, row)
        ref, ref_rest = read_ref(ref_value)
        if ref is None and ref_value is not None:
            numbered = self._numbered_objective_row(row, ref_value)
            if numbered is not None:
                self._heading(numbered[0], numbered[1], row.number)
                return
            ref = self._refs.item_number(ref_value, row.number, self._headings.section)
            _refuse_an_unnumbered_heading(self._where, self.header, self._headings, row, ref)
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
            if texts.get(COMMITMENT) and _ASIDE.match(ref_rest):
                # "1.2 (new)": a mark beside the reference, not the start of its text.
                said = _ASIDE_SAID.format(written=value_text(ref_value), ref=ref, rest=ref_rest)
                self._warnings.add(row.number, ref_column, said)
            elif texts.get(COMMITMENT):
                texts[COMMITMENT] = f"{ref_rest} {texts[COMMITMENT]}"
            else:
                texts[COMMITMENT] = ref_rest
            self._split_refs = True
        if ref is not None:
            self._deliverable(row, ref, ref_value, ref_column, texts)
            return
        self._other_row(row, texts)

    def _numbered_objective_row(
        self, row: SheetRow, ref_value: object
    ) -> tuple[int, str | None] | None:
        """ "1 | Objective 1: Engaging with communities": the objective's number in the
        reference column and its title beside it, the rest of the row empty but for the
        objective's own RAG (not a deliverable's, so not imported).

        A bare number under a heading is an item numbered within its objective ("3"
        under objective 2 is 2.3), unless it reads as an objective heading or comes
        after references typed whole (1.1, 1.2) and numbers a later objective.
        """
        digits = item_digits(ref_value)
        if digits is None:
            return None
        cells = [cell for cell in filled(row.values) if cell[0] != self._ref]
        others = [
            (column, text)
            for column, text in cells
            if not (column in self._rag_columns and self._vocabulary.word(text) is not None)
        ]
        if len(others) != 1 or others[0][0] in self._short_columns:
            return None
        (column, title), number = others[0], int(digits)
        heading = objective_heading(title)
        if heading is not None:
            return number, heading[1]
        # Rated, it is a heading only if it looks one: "1 | We will ... | | A" is an item.
        rated = len(cells) > 1
        if rated and not (
            title.isupper() or self.styles.shaded(row, column) or self._bolder(row, column)
        ):
            return None
        section = self._headings.section
        if section is None or (number > section and self._refs.typed_whole_in(section)):
            return number, heading_title(title)
        return None

    def _deliverable(
        self,
        row: SheetRow,
        ref: str,
        ref_value: object,
        ref_column: int,
        texts: dict[str, str],
    ) -> None:
        if isinstance(ref_value, float):
            ref = self._refs.numeric(ref, ref_value, row.number, ref_column, self._entries)
        number = objective_number(ref)
        if _dropped(self.styles, row, (ref_column, self.header.columns.get(COMMITMENT))):
            self._warnings.add(row.number, ref_column, _DROPPED.format(ref=ref))
            self._current = Entry(ref, row.number, ref_column, texts, skipped=True)
            self._last_row = row
            return
        self._headings.claim(number, row.number)
        if ref in self._entries:
            first = self._entries[ref]
            raise DuplicateReference(
                f"{self._where}rows {first.row} and {row.number} both have the reference {ref} "
                f"({_quoted(first.texts.get(COMMITMENT))} and {_quoted(texts.get(COMMITMENT))}), "
                "and which is which cannot be told; give each deliverable its own reference, "
                "then import again."
            )
        entry = Entry(ref, row.number, ref_column, texts)
        self._entries[ref] = entry
        self._current = entry
        self._last_objective = number
        self._refs.seen(ref)
        self._last_deliverable_row = row.number
        self._written_left_out.update(c for c in self._left_out if _cell_text(row, c))
        self._last_row = row
        if self._rag is not None:
            self._read_rag(entry, row, self._rag)
        entry.note_date(row, self.header.columns.get(DATE))
        for month in self._months:
            text = _cell_text(row, month.summary)
            entry.months[month.period] = part = Entry(ref, row.number, ref_column, {SUMMARY: text})
            self._read_rag(part, row, month.rag)
        if self._objective is not None:
            self._headings.cell_title(number, _cell_text(row, self._objective), row.number)

    def _read_rag(self, entry: Entry, row: SheetRow, column: int) -> None:
        """The RAG cell of one of the deliverable's rows: its word, else its fill (or ink)."""
        text = _cell_text(row, column)
        rag = None
        if text:
            rag = self._vocabulary.word(text)
            if not entry.rag_text:
                entry.rag_text, entry.rag_row, entry.rag = text, row.number, rag
        if rag is not None and (fill := self.styles.rag(row, column)) not in (None, rag):
            said = _DISAGREES.format(ref=entry.ref, word=_quoted(text), fill=fill, rag=rag)
            self._warnings.add(row.number, column, said)
        if rag is None and entry.fill_rag is None:
            entry.fill_rag = self.styles.rag(row, column)
            if entry.fill_rag is None and text and not any(c.isalnum() for c in text):
                entry.fill_rag = self.styles.ink(row, column)  # "●" alone, in green
            if entry.fill_rag is not None and not entry.rag_row:
                entry.rag_row = row.number

    def _other_row(self, row: SheetRow, texts: dict[str, str]) -> None:
        """A row without a reference: a continuation, objective heading, the key or a note."""
        cells = filled(row.values)
        if not cells:
            self._current = None
            return
        again = header_again(cells, self.header.headings)
        if again is not None:  # a header row repeated, or another table's
            self._current = None
            if not again:
                self._ended = row.number
                self._warnings.add(
                    row.number,
                    None,
                    f"this row starts another table ({', '.join(_quoted(t) for _, t in cells)}), "
                    "so it and the rows below it were not read",
                )
            return
        first_column, first_text = cells[0]
        heading = objective_heading(first_text)
        if heading is not None and heading[1] is None and len(cells) > 1:
            heading = (heading[0], heading_title(cells[1][1]))  # "Objective 1" | "Prevent crime"
        if heading is not None:
            self._heading(heading[0], heading[1], row.number)
            return
        if count_row(cells):
            self._current = None
            self._notes.append((row.number, first_column, first_text))
            return
        if len(cells) == 1 and self._vocabulary.key_line(first_text):
            self._current = None
            return
        current = self._current
        if current is None and self._vocabulary.key_row(cells, letters=False):
            return
        titled = self._titled_beside_its_rag(row, cells)
        if titled is not None:  # "ENGAGEMENT | | AMBER": an objective's heading and its own RAG
            number, title = numbered_heading(titled) or (None, heading_title(titled))
            self._heading(number, title, row.number)
            return
        single = len(cells) == 1
        if single and _NOTE.match(first_text):
            # "* RAG agreed at the NPDB", "Note: ...": a note under the table, not more text;
            # said when it stands right under a deliverable, in case it is a bullet of its text.
            if current is not None:
                self._warnings.add(
                    row.number,
                    first_column,
                    f"{_quoted(first_text)} starts as a note does, so it was not added to the "
                    f"text of {current.ref} above it",
                )
            self._current = None
            self._notes.append((row.number, first_column, first_text))
            return
        # One capitalised, shaded or bold cell is a heading ("SUMMARY POSITION"), unless it
        # sits under RAG, Date or Lead, where "TBC" alone is the tail of a split row.
        heading_like = (
            single
            and first_column not in self._short_columns
            and (
                first_text.isupper()
                or self.styles.shaded(row, first_column)
                or self._bolder(row, first_column)
            )
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
                current.note_date(row, self.header.columns.get(DATE))
                if self._rag is not None:
                    self._read_rag(current, row, self._rag)
                for month in self._months:
                    part = current.months[month.period]
                    part.join({SUMMARY: _cell_text(row, month.summary)})
                    self._read_rag(part, row, month.rag)
            return
        self._current = None
        if single and len(first_text) <= _LONGEST_TITLE:
            numbered = numbered_heading(first_text)
            if heading_like and numbered:
                self._heading(numbered[0], numbered[1], row.number)
                return
            if heading_like or first_column == ref_column or first_column == 0:
                self._heading(None, heading_title(first_text), row.number)
                return
        commitment = texts.get(COMMITMENT)
        if commitment and (
            any(texts.get(f) for f in (SUMMARY, DATE))
            or any(_cell_text(row, column) for column in self._rag_columns)
        ):
            self._warnings.add(row.number, *_unreferenced(row, ref_column, self.header))
            return
        self._notes.append((row.number, first_column, first_text))

    def _titled_beside_its_rag(self, row: SheetRow, cells: list[tuple[int, str]]) -> str | None:
        """The heading of a row holding one heading-like cell and a RAG word, else None.

        Trackers rate each objective on its heading row. A row split across a page may
        carry the RAG its first row lacks, so a deliverable still unrated keeps such a row.
        """
        rated = [cell for cell in cells if cell[0] in self._rag_columns]
        rest = [cell for cell in cells if cell[0] not in self._rag_columns]
        if not rated or len(rest) != 1:
            return None
        if any(self._vocabulary.word(text) is None for _, text in rated):
            return None
        current = self._current
        if current is not None and not (current.rag_text or current.fill_rag):
            return None
        column, text = rest[0]
        heading_like = (
            text.isupper()
            or self.styles.shaded(row, column)
            or self._bolder(row, column)
            or column == self._ref
        )
        if column in self._short_columns or not heading_like or len(text) > _LONGEST_TITLE:
            return None
        return text

    def _bolder(self, row: SheetRow, column: int) -> bool:
        """Bold where the deliverable above is not: a heading, not the rest of its text."""
        above = self._last_row
        return self.styles.bold(row, column) and not (
            above is not None and self.styles.bold(above, column)
        )

    def _heading(self, number: int | None, title: str | None, row: int) -> None:
        self._current = None
        self._headings.heading(number, title, row, self._last_objective)


def _unreferenced(row: SheetRow, ref_column: int, header: HeaderMatch) -> tuple[int, str]:
    """Where and how to say a row that looks like a deliverable has no reference read."""
    written = _cell_text(row, ref_column) if ref_column >= 0 else ""
    if written:  # "D12", "iv": a reference, but not one that says its objective
        return ref_column, (
            f"looks like a deliverable, but its reference {_quoted(written)} is not numbered "
            "by objective and deliverable (such as 1.4), so it was not imported"
        )
    return header.columns[COMMITMENT], (
        "looks like a deliverable but has no reference (such as 1.4), so it was not imported"
    )


def _refuse_two_refs(where: str, header: HeaderMatch, row: SheetRow) -> None:
    """One row for two deliverables ("1.3 & 1.4" as its reference, or starting its text when
    there is no reference column): neither could be imported right."""
    column = header.columns.get(REF, header.columns.get(COMMITMENT))
    if column is None or column >= len(row.values):
        return
    text = row.values[column]
    if isinstance(text, str) and more_than_one_ref(text):
        raise TableRefused(
            f"{where}row {row.number}, column {get_column_letter(column + 1)} "
            f"'{header.headings.get(column, '')}': {_quoted(text)} is more than one reference, "
            "so which deliverable the row is cannot be told; give each deliverable a row of its "
            "own, then import again."
        )


def _refuse_an_unnumbered_heading(
    where: str, header: HeaderMatch, headings: ObjectiveHeadings, row: SheetRow, ref: str | None
) -> None:
    """ "Objective 1", 1, 2, then "PROBLEM SOLVING", 1, 2: a number read within its objective
    (``ref``) under a heading with no number would be read under objective 1, so it is refused
    (an objective column numbers each row itself)."""
    heading = headings.unnumbered
    if ref is None or heading is None or OBJECTIVE in header.columns:
        return
    title, heading_row = heading
    column = header.columns[REF]
    raise TableRefused(
        f"{where}row {row.number}, column {get_column_letter(column + 1)} "
        f"'{header.headings.get(column, '')}': {value_text(row.values[column])} is numbered "
        f"within its objective, but the heading above it ({_quoted(title)}, row {heading_row}) "
        "has no objective number, so which objective it is under cannot be told; number the "
        "heading (such as 'Objective 2: …') or write the references whole (such as 2.1), then "
        "import again."
    )


def _period_above(cells: list[tuple[int, str]]) -> ReportingPeriod | None:
    """The month a row above the header reports: its first cell's ("Position as at January
    2024"), else the one month its other cells name ("Deliverable | Position January 2024",
    group titles merged over the headings), none if they name several."""
    first = period_of_title(cells[0][1])
    if first is not None:
        return first
    others = {period for _, text in cells[1:] if (period := period_of_title(text))}
    return others.pop() if len(others) == 1 else None


def _cell_text(row: SheetRow, column: int) -> str:
    """A cell's text as a person sees it ("" past the row's last cell)."""
    values = row.values
    return value_text(values[column]) if column < len(values) else ""


def _dropped(styles: CellStyles, row: SheetRow, columns: Iterable[int | None]) -> bool:
    """Whether a deliverable's reference or text is struck through, as a dropped one's is."""
    return any(styles.struck(row, c) for c in columns if c is not None and c >= 0)


def header_again(cells: list[tuple[int, str]], headings: dict[int, str]) -> bool | None:
    """Whether a row of column names below the table repeats its header (True: the table
    goes on), or heads another table (False: "Completed actions", "Risks"); None if the
    row is not column names."""
    named = [text for _, text in cells if meanings(text)]
    if len(named) < 2 or 2 * len(named) <= len(cells):
        return None
    return all(
        normalise_heading(text) == normalise_heading(headings.get(column, ""))
        for column, text in cells
    )


def _refuse_an_empty_month(
    header: HeaderMatch, entries: Iterable[Entry], written: set[int], where: str
) -> None:
    """The month's update column read is empty while an earlier month's is written.

    "Update Jan 24 | Update Feb 24 | RAG" with February's column not yet filled:
    read as it stands, every summary position would be blank; the person says.

    Args:
        written: the left-out month columns holding text in some deliverable's row.
    """
    column = header.columns.get(SUMMARY)
    if header.months or column is None or header.period is None:
        return
    if any(entry.texts.get(SUMMARY) for entry in entries):
        return
    earlier = [
        (named, c, heading)
        for c, heading, named in header.left_out
        if c in written and any(f == SUMMARY for f, _ in meanings(heading))
    ]
    if not earlier:
        return
    named, other, heading = max(earlier)
    month = header.period.label
    raise TableRefused(
        f"{where}column {get_column_letter(column + 1)} "
        f"'{header.headings.get(column, '')}', the update for {month}, is empty on every "
        f"row, while column {get_column_letter(other + 1)} '{heading}' holds "
        f"{named.label}'s: write {month}'s updates, or delete its empty column, and "
        "import again."
    )

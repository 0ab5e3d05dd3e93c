"""Reading a register tracker (Excel or CSV): which sheet, which column, what each row says.

The workbook is checked and opened as the deliverables tracker's is
(:mod:`nhp_planner.io.xlsx_safety`, then openpyxl streaming) and its rows
come through the tracker reader's sheet step (:func:`sheet_rows`,
:func:`value_text`); what is particular to registers (the two layouts, the
status cells of the agenda pack, links by ref) is here. A row that cannot be
read refuses the whole file with one sentence naming file, sheet, row and
column; nothing is applied until the whole file has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import openpyxl
from openpyxl.utils import get_column_letter

from nhp_planner.io.importing import TEXT_SUFFIXES
from nhp_planner.io.registers.columns import FINDINGS_LAYOUT, LAYOUTS, Layout
from nhp_planner.io.registers.register_set import Link, RegisterSet
from nhp_planner.io.tracker.candidates import SCAN_ROWS
from nhp_planner.io.tracker.csv_file import read_csv_rows
from nhp_planner.io.tracker.sheets import SheetRow, sheet_rows, value_text
from nhp_planner.io.xlsx_safety import check_workbook_file, reading_errors, require_safe_xml
from nhp_planner.io.xlsx_text import CELL_LIMIT
from nhp_planner.model.actions import CommitteeAction, normalise_number, split_status_cell
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.findings import (
    FindingKind,
    FindingScope,
    InspectorateItem,
    parse_finding_status,
    parse_kind,
    parse_scope,
)
from nhp_planner.model.rag import parse_rag


@dataclass(frozen=True, slots=True)
class RegisterReading:
    """A register tracker as read: its items, where they came from, which column is which."""

    source: Path
    layout: Layout
    #: "sheet 'Outstanding references'", or "the CSV file".
    where: str
    #: Heading as written, by field.
    mapping: dict[str, str]
    registers: RegisterSet

    @property
    def count(self) -> int:
        return len(self.registers.findings) + len(self.registers.actions)

    def describe(self) -> str:
        noun = "inspectorate items" if self.layout is FINDINGS_LAYOUT else "committee actions"
        columns = ", ".join(f"{heading} → {field}" for field, heading in self.mapping.items())
        return f"{self.source.name}, {self.where}: {self.count} {noun} ({columns})"


def read_register_tracker(path: str | Path, layout: Layout | None = None) -> RegisterReading:
    """Read an inspectorate tracker or an outstanding references table (.xlsx, .xlsm, .csv).

    ``layout`` insists on one register; else the header says which it is.

    Raises:
        ImportFormatError: not a readable file, no register table in it, or a
            row that cannot be read; the message says where and what to do.
    """
    source = Path(path)
    if not source.exists():
        raise ImportFormatError(f"{source}: no such file.")
    if not source.is_file():
        # Never opened: a pipe or a device would hang or never end.
        what = "a folder" if source.is_dir() else "not an ordinary file"
        raise ImportFormatError(f"{source}: is {what}, not a tracker, so it was not read.")
    layouts = (layout,) if layout is not None else LAYOUTS
    if source.suffix.lower() in TEXT_SUFFIXES:
        return read_csv_rows(
            source, lambda rows: _read_table(source, "the CSV file", rows, layouts)
        )
    require_safe_xml(source)
    check_workbook_file(source)
    with source.open("rb") as stream:
        with reading_errors(source):
            workbook = openpyxl.load_workbook(
                stream, read_only=True, data_only=True, keep_links=False
            )
        try:
            for sheet in workbook.worksheets:
                first = list(sheet_rows(source, sheet, SCAN_ROWS))
                if _header(first, layouts) is not None:
                    rows = sheet_rows(source, sheet)
                    return _read_table(source, f"sheet '{sheet.title}'", rows, layouts)
        finally:
            workbook.close()
    _no_table(source, layouts)


def _header(
    rows: Sequence[SheetRow], layouts: Iterable[Layout]
) -> tuple[int, Layout, dict[str, int]] | None:
    """The first row that names every required column of a layout: its number, layout, columns."""
    for row in rows:
        texts = [value_text(v) for v in row.values]
        for layout in layouts:
            columns: dict[str, int] = {}
            for index, text in enumerate(texts):
                column = next(
                    (c for c in layout.columns if c.field not in columns and c.matches(text)), None
                )
                if text and column is not None:
                    columns[column.field] = index
            if all(c.field in columns for c in layout.required):
                return row.number, layout, columns
    return None


def _no_table(source: Path, layouts: Sequence[Layout]) -> NoReturn:
    wanted = " or ".join(f"{layout.what} ({layout.describe()})" for layout in layouts)
    raise ImportFormatError(f"{source}: has no header row of {wanted}.")


def _read_table(
    source: Path, where: str, rows: Iterable[SheetRow], layouts: Sequence[Layout]
) -> RegisterReading:
    table = list(rows)
    header = _header(table[:SCAN_ROWS], layouts)
    if header is None:
        _no_table(source, layouts)
    number, layout, columns = header
    heading_row = next(row for row in table if row.number == number).values
    headings = {field: value_text(heading_row[index]) for field, index in columns.items()}
    body = [row for row in table if row.number > number]
    reader = _RowReader(source, where, columns, headings)
    registers = reader.findings(body) if layout is FINDINGS_LAYOUT else reader.actions(body)
    return RegisterReading(source, layout, where, headings, registers)


#: Separators of several refs or labels in one cell.
_REFS = re.compile(r"[,;\s]+")
_LABELS = re.compile(r"\s*[;\n]\s*")
_KIND_LEAD = re.compile(
    r"^\s*((?:regional |national )?"
    r"(?:area for improvement|recommendation|cause of concern))\s*[:\-\u2013]\s*",
    re.IGNORECASE,
)


class _RowReader:
    """The rows under a header, each read into an item or refused saying where."""

    def __init__(
        self, source: Path, where: str, columns: dict[str, int], headings: dict[str, str]
    ) -> None:
        self._source = source
        self._where = where
        self._columns = columns
        self._headings = headings

    def fail(self, row: SheetRow, field: str, problem: str) -> NoReturn:
        index = self._columns[field]
        raise ImportFormatError(
            f"{self._source}: {self._where}, row {row.number}, column "
            f"{get_column_letter(index + 1)} ({self._headings[field]}): {problem}."
        )

    def cell(self, row: SheetRow, field: str) -> str:
        index = self._columns.get(field)
        if index is None or index >= len(row.values):
            return ""
        text = value_text(row.values[index])
        if len(text) > CELL_LIMIT:
            # Excel never holds more; the register could not be exported again.
            self.fail(
                row,
                field,
                f"is {len(text):,} characters long, more than the {CELL_LIMIT:,} an Excel cell "
                "holds, so the file was not read",
            )
        return text

    def word(self, row: SheetRow, field: str, parse: Callable[[str], Any], what: str) -> Any:
        text = self.cell(row, field)
        value = parse(text)
        if value is None:
            self.fail(row, field, f"'{text}' is not {what}")
        return value

    def required(self, row: SheetRow, field: str) -> str:
        text = self.cell(row, field)
        if not text:
            self.fail(row, field, "is blank; every row of the table needs it")
        return text

    def links(self, row: SheetRow, field: str, pattern: re.Pattern[str]) -> tuple[Link, ...]:
        where = f"row {row.number} ({self._headings.get(field, field)})"
        names = [name for name in pattern.split(self.cell(row, field)) if name]
        return tuple(Link(name, None, where) for name in names)

    def _rows(self, rows: Iterable[SheetRow]) -> Iterator[SheetRow]:
        for row in rows:
            if any(self.cell(row, field) for field in self._columns):
                yield row

    def findings(self, rows: Iterable[SheetRow]) -> RegisterSet:
        items: list[InspectorateItem] = []
        links: dict[str, tuple[Link, ...]] = {}
        for row in self._rows(rows):
            text = self.required(row, "text")
            kind_text = self.cell(row, "kind")
            lead_in = _KIND_LEAD.match(text)
            if lead_in is not None:
                text = text[lead_in.end() :]
                kind_text = kind_text or lead_in.group(1)
            kind = parse_kind(kind_text) if kind_text else FindingKind.AREA_FOR_IMPROVEMENT
            if kind is None:
                self.fail(
                    row,
                    "kind",
                    f"'{kind_text}' is not a kind of finding "
                    "(AFI, Recommendation, Cause of concern)",
                )
            scope = self.word(row, "scope", parse_scope, "local, regional or national")
            if not self.cell(row, "scope") and kind_text.lower().startswith(
                ("regional", "national")
            ):
                scope = parse_scope(kind_text.split()[0]) or FindingScope.LOCAL
            item = InspectorateItem(
                report=self.required(row, "report"),
                ref=self.required(row, "ref"),
                text=text,
                kind=kind,
                scope=scope,
                area=self.cell(row, "area"),
                lead=self.cell(row, "lead") or None,
                rag=self.word(row, "rag", parse_rag, "a RAG rating (GREEN, AMBER, RED or blank)"),
                status=self.word(
                    row,
                    "status",
                    parse_finding_status,
                    "a status (Open, Closed – awaiting sign-off, Closed)",
                ),
                target_text=self.cell(row, "target_text"),
                progress=self.cell(row, "progress"),
            )
            items.append(item)
            links[item.id] = self.links(row, "deliverables", _REFS)
        return RegisterSet(findings=tuple(items), deliverable_links=links)

    def actions(self, rows: Iterable[SheetRow]) -> RegisterSet:
        actions: list[CommitteeAction] = []
        deliverables: dict[str, tuple[Link, ...]] = {}
        findings: dict[str, tuple[Link, ...]] = {}
        for row in self._rows(rows):
            status_cell = self.cell(row, "status")
            read = split_status_cell(status_cell)
            if read is None:
                self.fail(
                    row,
                    "status",
                    f"'{status_cell}' does not start with a status (In progress, Complete...)",
                )
            status, update = read
            history = [d for d in _LABELS.split(self.cell(row, "due_history")) if d]
            action = CommitteeAction(
                number=normalise_number(self.required(row, "number")),
                meeting=self.cell(row, "meeting"),
                action=self.required(row, "action"),
                owner=self.cell(row, "owner") or None,
                status=status,
                update=update,
                due_text=self.cell(row, "due_text"),
                due_history=tuple(history),
            )
            actions.append(action)
            deliverables[action.id] = self.links(row, "deliverables", _REFS)
            findings[action.id] = self.links(row, "findings", _LABELS)
        return RegisterSet(
            actions=tuple(actions), deliverable_links=deliverables, finding_links=findings
        )

"""Reading the Excel (and CSV) trackers forces keep into a plan document, ready to preview.

The workbook is streamed (openpyxl read-only mode), so a tracker of any size
is read a row at a time: each sheet's first rows are searched for a header
(:mod:`tracker_headers`), the sheet with the best table is read whole
(:mod:`tracker_table`), and the file's own checks (:mod:`xlsx_safety`) turn a
file that is not a readable workbook into one sentence saying what to do.
"""

from __future__ import annotations

import csv
import gc
import logging
import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

import openpyxl

from nhp_planner.io.excel_export import PROPERTY_FORCE, PROPERTY_OWNER, PROPERTY_PERIOD
from nhp_planner.io.importing import ImportWarning, SourceReading
from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.io.tracker_headers import (
    COMMITMENT,
    LOOKED_FOR,
    REF,
    HeaderMatch,
    find_header,
    leading_ref,
)
from nhp_planner.io.tracker_table import SheetRow, TableReader, TableReading, value_text
from nhp_planner.io.xlsx_colours import FillColours
from nhp_planner.io.xlsx_safety import check_workbook_file, reading_errors, require_safe_xml
from nhp_planner.model.entities import Plan, PlanSnapshot
from nhp_planner.model.errors import ImportFormatError, NhpError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag, RagKey
from nhp_planner.model.refs import normalise_ref

log = logging.getLogger(__name__)

#: How far down each sheet the header row is looked for (title, key and notes come first).
SCAN_ROWS = 100
_CSV_SAMPLE = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sheet whose first rows hold a table header."""

    index: int
    name: str
    header: HeaderMatch
    has_refs: bool
    visible: bool
    active: bool

    @property
    def rank(self) -> tuple[bool, bool, int, ReportingPeriod, bool, int]:
        # A table with references beats one without, a visible sheet a hidden one, more
        # recognised columns fewer; then the latest month (monthly tabs), the sheet last
        # worked on, the first sheet.
        return (
            self.has_refs,
            self.visible,
            self.header.score,
            self.header.period or ReportingPeriod(1900, 1),
            self.active,
            -self.index,
        )


class _FillStyles:
    """Cell fills of an openpyxl read-only sheet, judged as RAG colours."""

    def __init__(self, colours: FillColours) -> None:
        self._colours = colours

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        cells = row.cells
        return self._colours.rag(cells[column].fill) if column < len(cells) else None

    def shaded(self, row: SheetRow, column: int) -> bool:
        cells = row.cells
        return column < len(cells) and self._colours.shaded(cells[column].fill)


class _NoStyles:
    """CSV cells have no colours."""

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        return None

    def shaded(self, row: SheetRow, column: int) -> bool:
        return False


def read_excel_tracker(path: str | Path) -> SourceReading:
    """Read an Excel tracker (.xlsx, .xlsm) into a plan document with its mapping and warnings.

    Raises:
        ImportFormatError: the file is not a readable workbook, or holds no table of
            deliverables; the message says which and what to do.
    """
    source = Path(path)
    require_safe_xml(source)
    check_workbook_file(source)
    # openpyxl warns of what it does not keep (data validation extensions, unknown parts...);
    # nothing of that matters to reading values, so the warnings go to the log.
    with (
        source.open("rb") as stream,
        _collector_paused(),
        warnings.catch_warnings(record=True) as noted,
    ):
        warnings.simplefilter("always")
        try:
            with reading_errors(source):
                workbook = openpyxl.load_workbook(
                    stream, read_only=True, data_only=True, keep_links=False
                )
            try:
                return _read_workbook(source, workbook)
            finally:
                workbook.close()
        finally:
            for warning in noted:
                log.info("openpyxl, reading %s: %s", source, warning.message)


def _read_workbook(source: Path, workbook: Any) -> SourceReading:
    with reading_errors(source):
        colours = FillColours(workbook.loaded_theme)
        sheets = list(workbook.worksheets)
        active = workbook.active
        # What NHP Planner's own export records of the plan beyond the sheet's text.
        properties = {
            p.name: str(p.value) for p in workbook.custom_doc_props if p.value is not None
        }
    if not sheets:
        # openpyxl leaves out a sheet whose part is missing from the archive.
        raise ImportFormatError(
            f"{source}: holds no worksheet that can be read, so it is probably damaged; open it "
            "in Excel and save a new copy, then import that."
        )
    candidates = []
    for index, sheet in enumerate(sheets):
        scanned = list(_sheet_rows(source, sheet, SCAN_ROWS))
        found = _candidate(scanned)
        if found is not None:
            candidates.append(
                _Candidate(
                    index,
                    sheet.title,
                    found[0],
                    found[1],
                    getattr(sheet, "sheet_state", "visible") == "visible",
                    sheet is active,
                )
            )
    if not candidates:
        names = ", ".join(f"'{s.title}'" for s in sheets)
        raise ImportFormatError(
            f"{source}: no table of deliverables found on any sheet ({names}); "
            f"NHP Planner looks for {LOOKED_FOR}."
        )
    chosen = max(candidates, key=lambda c: c.rank)
    sheet = sheets[chosen.index]
    reader = TableReader(chosen.header, _FillStyles(colours), sheet.title)
    table = reader.read(_sheet_rows(source, sheet))
    others = [
        ImportWarning(
            f"this sheet also holds a table of deliverables; only sheet '{chosen.name}' "
            "was imported",
            other.name,
            other.header.first_row,
        )
        for other in candidates
        if other is not chosen and other.has_refs
    ]
    # With no title row, the sheet's name, unless Excel made it up ("Sheet1").
    fallback = source.stem if re.fullmatch(r"sheet\d*", sheet.title.lower()) else sheet.title
    return _reading(
        source,
        chosen.header,
        table,
        f"sheet '{sheet.title}'",
        fallback,
        others,
        properties,
    )


def _sheet_rows(source: Path, sheet: Any, limit: int | None = None) -> Iterator[SheetRow]:
    """The sheet's rows, streamed; the first ``limit`` only when given."""
    # Writers other than Excel often record the used range wrongly; read what is there.
    sheet.reset_dimensions()
    with reading_errors(source, sheet.title):
        rows = sheet.iter_rows()
        for number, cells in enumerate(rows if limit is None else islice(rows, limit), start=1):
            yield SheetRow(number, [cell.value for cell in cells], cells)


def _candidate(rows: Sequence[SheetRow]) -> tuple[HeaderMatch, bool] | None:
    """The header among a sheet's first rows, and whether references follow it."""
    texts = [(row.number, [value_text(v) for v in row.values]) for row in rows]
    header = find_header(texts)
    if header is None:
        return None
    below = [t for number, t in texts if number > header.last_row]
    ref, commitment = header.columns.get(REF), header.columns.get(COMMITMENT)

    def has_ref(cells: list[str]) -> bool:
        if ref is not None and ref < len(cells):
            return normalise_ref(cells[ref]) is not None or leading_ref(cells[ref]) is not None
        if ref is None and commitment is not None and commitment < len(cells):
            return leading_ref(cells[commitment]) is not None
        return False

    return header, any(has_ref(cells) for cells in below)


def _reading(
    source: Path,
    header: HeaderMatch,
    table: TableReading,
    where: str,
    fallback_title: str,
    warnings: Sequence[ImportWarning] = (),
    properties: dict[str, str] | None = None,
) -> SourceReading:
    if not table.deliverables:
        headings = ", ".join(heading for heading, _ in header.mapping())
        raise ImportFormatError(
            f"{source}: {where} has a header row at row {header.first_row} ({headings}), but no "
            "row below it has a deliverable reference such as 1.4, so there is nothing to import."
        )
    properties = properties or {}
    plan = Plan(
        title=table.title or fallback_title,
        rag_key=table.rag_key or RagKey(),
        force=properties.get(PROPERTY_FORCE),
        owner=properties.get(PROPERTY_OWNER),
    )
    period = header.period or table.period or _period_property(properties.get(PROPERTY_PERIOD))
    snapshot = PlanSnapshot(plan, period, table.objectives, table.deliverables)
    return SourceReading(
        source,
        PlanDocument(snapshot, table.fields),
        mapping=header.mapping(),
        warnings=(*warnings, *table.warnings),
    )


def _period_property(value: str | None) -> ReportingPeriod | None:
    if value is None:
        return None
    try:
        return ReportingPeriod.parse(value)
    except NhpError:
        return None


_collector_lock = threading.Lock()
_collector_holds = 0
_collector_resume = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a tracker is read.

    A large tracker becomes some hundred thousand objects that live until the
    import ends; the collector would rescan them over and over (7% of reading
    10,000 rows) and finds no cycles among them. Reads on several threads
    share one pause, and the collector resumes when the last one ends.
    """
    global _collector_holds, _collector_resume
    with _collector_lock:
        if _collector_holds == 0:
            _collector_resume = gc.isenabled()
            gc.disable()
        _collector_holds += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_holds -= 1
            if _collector_holds == 0 and _collector_resume:
                gc.enable()


# ------------------------------------------------------------------ CSV


def read_csv_tracker(path: str | Path) -> SourceReading:
    """Read a tracker saved as CSV (UTF-8, or Excel's Windows encoding); CSV has no RAG fills.

    Raises:
        ImportFormatError: the file cannot be read as text, or holds no table of deliverables.
    """
    source = Path(path)
    try:
        with source.open("rb") as stream:
            head = stream.read(_CSV_SAMPLE)
    except OSError as error:
        raise ImportFormatError(f"{source}: cannot be read ({error.strerror}).") from error
    if b"\x00" in head:
        raise ImportFormatError(
            f"{source}: is not a CSV text file (it holds binary data); if it is an Excel "
            "workbook, give it an .xlsx name and import that."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _read_csv(source, encoding)
        except UnicodeDecodeError:
            log.info("%s is not %s; trying the next encoding", source, encoding)
    raise ImportFormatError(
        f"{source}: is not text in UTF-8 or Windows encoding, so it cannot be read as CSV; "
        "open it in Excel and save it as an Excel Workbook (.xlsx), then import that."
    )


def _read_csv(source: Path, encoding: str) -> SourceReading:
    with source.open(encoding=encoding, newline="") as stream:
        sample = stream.read(_CSV_SAMPLE)
        stream.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = _csv_rows(csv.reader(stream, dialect), source)
        scanned = list(islice(rows, SCAN_ROWS))
        found = _candidate(scanned)
        if found is None:
            raise ImportFormatError(
                f"{source}: no table of deliverables found; NHP Planner looks for {LOOKED_FOR}."
            )
        reader = TableReader(found[0], _NoStyles(), None)
        table = reader.read(chain(scanned, rows))
    return _reading(source, found[0], table, "the file", source.stem)


def _csv_rows(reader: Iterator[list[str]], source: Path) -> Iterator[SheetRow]:
    try:
        for number, values in enumerate(reader, start=1):
            yield SheetRow(number, values)
    except csv.Error as error:
        raise ImportFormatError(f"{source}: is not valid CSV ({error}).") from None

"""Step 1, the workbook: an Excel tracker checked, opened and passed through every step.

Takes the path of an .xlsx (or .xlsm) file; gives its
:class:`~nhp_planner.io.reading.SourceReading`. The file's own checks
(:mod:`nhp_planner.io.xlsx_safety`) turn a file that is not a readable
workbook into one sentence saying what to do. The workbook is streamed
(openpyxl read-only mode), so a tracker of any size is read a row at a time:
each sheet's first rows are searched for a header (:mod:`.candidates`), and
the sheet with the best table is read whole (:mod:`.rows`, :mod:`.deliverables`);
a sheet shorter than those first rows is parsed once, not twice.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

from nhp_planner.io.reading import ImportWarning, ReadFrom, SourceReading
from nhp_planner.io.tracker.candidates import (
    SCAN_ROWS,
    Candidate,
    choose,
    explains_the_plan,
    table_header,
)
from nhp_planner.io.tracker.deliverables import joined, table_reading
from nhp_planner.io.tracker.document import source_reading
from nhp_planner.io.tracker.rag_words import RagVocabulary
from nhp_planner.io.tracker.rows import (
    TableReader,
    formula_warnings,
    merged_over_deliverables,
    notes_for_updates,
    with_duplicates_named,
)
from nhp_planner.io.tracker.shared_strings import load_tracker_workbook
from nhp_planner.io.tracker.sheet_xml import cell_notes, formulas_and_merges, hidden_columns
from nhp_planner.io.tracker.sheets import FillStyles, SheetRow, filled, sheet_rows
from nhp_planner.io.xlsx_collector import collector_paused
from nhp_planner.io.xlsx_colours import FillColours
from nhp_planner.io.xlsx_safety import check_workbook_file, reading_errors, require_safe_xml
from nhp_planner.model.errors import ImportFormatError

log = logging.getLogger(__name__)


def read_excel_tracker(path: str | Path, sheet: str | None = None) -> SourceReading:
    """Read an Excel tracker (.xlsx, .xlsm) into a plan document with its mapping and warnings.

    Args:
        sheet: the sheet to read, as the person chose it; else the best one (or each
            sheet of a workbook kept one sheet per objective).

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
        collector_paused(),
        warnings.catch_warnings(record=True) as noted,
    ):
        warnings.simplefilter("always")
        try:
            with reading_errors(source):
                workbook = load_tracker_workbook(
                    stream, read_only=True, data_only=True, keep_links=False
                )
            try:
                return _read_workbook(source, workbook, sheet)
            finally:
                workbook.close()
        finally:
            for warning in noted:
                log.info("openpyxl, reading %s: %s", source, warning.message)


def _read_workbook(source: Path, workbook: Any, wanted: str | None) -> SourceReading:
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
    # A sheet shorter than the scan is read once: its scanned rows are all its rows.
    whole: dict[int, list[SheetRow]] = {}
    scans: list[list[SheetRow]] = []
    for index, sheet in enumerate(sheets):
        with reading_errors(source, sheet.title):
            hidden = hidden_columns(sheet)
        scanned = list(sheet_rows(source, sheet, SCAN_ROWS))
        scans.append(scanned)
        if len(scanned) < SCAN_ROWS:
            whole[index] = scanned
        found = table_header(scanned, hidden)
        if found is not None:
            candidates.append(
                Candidate(
                    index,
                    sheet.title,
                    found[0],
                    found[1],
                    getattr(sheet, "sheet_state", "visible") == "visible",
                    sheet is active,
                    found[2],
                    hidden,
                )
            )
    chosen, others = choose(source, candidates, [s.title for s in sheets], wanted)
    read_sheets = {c.index for c in chosen}
    legends = [
        (sheet.title, legend)
        for index, (sheet, legend) in enumerate(zip(sheets, scans, strict=True))
        if index not in read_sheets and explains_the_plan(sheet.title)
    ]
    tables = []
    for candidate in chosen:
        sheet = sheets[candidate.index]
        reader = TableReader(
            candidate.header, FillStyles(colours, source, sheet.title), sheet.title
        )
        read = whole[candidate.index] if candidate.index in whole else sheet_rows(source, sheet)
        rows = with_duplicates_named(source, reader.read, read)
        if rows.vocabulary.key() is None:
            noted = _key_beside(rows.vocabulary, legends, FillStyles(colours, source, None))
            others.extend(n for n in noted if n not in others)
        with reading_errors(source, sheet.title):
            unsaved, merges = formulas_and_merges(sheet)
            notes = cell_notes(sheet)
        formula_warnings(source, rows, unsaved)
        merged_over_deliverables(rows, merges)
        notes_for_updates(rows, notes)
        tables.append((sheet.title, table_reading(rows)))
    first = sheets[chosen[0].index]
    # With no title row, the sheet's name, unless Excel made it up ("Sheet1").
    fallback = source.stem if re.fullmatch(r"sheet\d*", first.title.lower()) else first.title
    if len(tables) > 1:
        fallback = source.stem
    names = ", ".join(f"'{c.name}'" for c in chosen)
    return source_reading(
        source,
        chosen[0].header,
        tables[0][1] if len(tables) == 1 else joined(tables),
        f"sheet {names}" if len(chosen) == 1 else f"sheets {names}",
        fallback,
        others,
        properties,
        read_from=ReadFrom(
            tuple(c.name for c in chosen),
            chosen[0].header.first_row,
            tuple(c.name for c in candidates if c.has_refs),
        ),
    )


def _key_beside(
    vocabulary: RagVocabulary, legends: list[tuple[str, list[SheetRow]]], styles: FillStyles
) -> list[ImportWarning]:
    """The plan's RAG key from a sheet beside the table ("Key", "Legend"), when it has none.

    A legend may give each rating as a coloured cell beside its wording. Gives a note
    naming the sheet and row the key was read from, for the preview.
    """
    for name, rows in legends:
        found = [
            row.number
            for row in rows
            if vocabulary.key_row(_coloured_key(row, styles) or filled(row.values), letters=True)
        ]
        if found:
            return [ImportWarning("the plan's RAG key was read from this sheet", name, found[0])]
    return []


def _coloured_key(row: SheetRow, styles: FillStyles) -> list[tuple[int, str]] | None:
    """A legend row of a coloured cell and its wording, as the key row "GREEN | wording"."""
    cells = filled(row.values)
    if len(cells) != 1 or cells[0][0] == 0:
        return None
    column, text = cells[0]
    rag = styles.rag(row, column - 1)
    return [(column - 1, rag.value), (column, text)] if rag is not None else None

"""Step 2, beside the sheets: what a read-only sheet does not tell, read from the sheet's XML.

openpyxl's read-only mode streams cell values but gives no column widths or
visibility, nor its merged cells, and with saved results only it shows a
formula that was never calculated (a workbook written by a script) as an
empty cell. Takes a read-only worksheet; gives its hidden columns (from
``<cols>``, which stands before the cells, so only the part's first bytes are
read) and, for the sheet that is read, the cells holding a formula with no
saved result, the merged cells (``<mergeCells>``, after the cells) and the
notes on cells (a comments part of the sheet's own).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from defusedxml.ElementTree import fromstring
from openpyxl.utils import column_index_from_string

#: ``<cols>`` stands before ``<sheetData>``; this much of the part always holds it.
_HEAD = 256 * 1024
_PIECE = 64 * 1024
_COLS = re.compile(rb"<(?:\w+:)?cols\b.*?</(?:\w+:)?cols>", re.DOTALL)
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="(?P<column>[A-Z]{1,3})(?P<row>\d+)"[^>]*(?<!/)>'
    rb"(?P<body>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f\b(?:(?!</(?:\w+:)?c>).)*)</(?:\w+:)?c>",
    re.DOTALL,
)
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')

_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")

#: A merged cell: its first and last column (0-based) and row (1-based).
Merge = tuple[int, int, int, int]


def hidden_columns(sheet: Any) -> frozenset[int]:
    """The sheet's hidden columns (0-based), from the ``<cols>`` at the head of its XML."""
    archive = getattr(getattr(sheet, "parent", None), "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return frozenset()
    with archive.open(path) as stream:
        head = stream.read(_HEAD)
    cols = _COLS.search(head)
    if cols is None:
        return frozenset()
    hidden: set[int] = set()
    for col in _COL.finditer(cols.group(0)):
        attributes = dict(_ATTRIBUTE.findall(col.group(1)))
        if attributes.get(b"hidden") in (b"1", b"true"):
            low, high = int(attributes.get(b"min", b"0")), int(attributes.get(b"max", b"0"))
            hidden.update(range(low - 1, min(high, 16_384)))
    return frozenset(hidden)


def formulas_and_merges(sheet: Any) -> tuple[dict[int, list[int]], list[Merge]]:
    """Columns (0-based) holding formulas with no saved result, and the rows they are in;
    and the sheet's merged cells (a read-only sheet knows none of them).

    The part is streamed in pieces, each cut after its last whole cell, so a large
    sheet is never held; a sheet with no formula or merge at all is only searched.
    """
    archive = getattr(getattr(sheet, "parent", None), "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return {}, []
    found: dict[int, list[int]] = {}
    merges: set[Merge] = set()  # a merge cut between two pieces is whole in the second
    carried = b""
    with archive.open(path) as stream:
        while piece := stream.read(_PIECE):
            data = carried + piece
            if b"mergeCell" in data:
                merges.update(
                    (_column(m[1]), int(m[2]), _column(m[3]), int(m[4]))
                    for m in _MERGE.finditer(data)
                )
            end = data.rfind(b"</c>")
            if end < 0:
                carried = data[-_PIECE:]
                continue
            whole, carried = data[: end + 4], data[end + 4 :]
            if b"<f" in whole or b":f" in whole:
                _unsaved(whole, found)
    return found, sorted(merges)


def _column(letters: bytes) -> int:
    return int(column_index_from_string(letters.decode())) - 1


def _unsaved(data: bytes, found: dict[int, list[int]]) -> None:
    for cell in _FORMULA_CELL.finditer(data):
        if _VALUE.search(cell.group("body")) is None:
            found.setdefault(_column(cell.group("column")), []).append(int(cell.group("row")))


def cell_notes(sheet: Any) -> dict[tuple[int, int], str]:
    """The notes on the sheet's cells, by (row, column 0-based): openpyxl's read-only mode
    reads none of them. A sheet's notes are a part of their own, named in its relationships."""
    archive = getattr(getattr(sheet, "parent", None), "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return {}
    folder, name = posixpath.split(path)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return {}
    notes: dict[tuple[int, int], str] = {}
    for relationship in fromstring(archive.read(rels)).iter(_RELATIONSHIP):
        if relationship.get("Type") != _COMMENTS or relationship.get("TargetMode") == "External":
            continue
        part = posixpath.normpath(posixpath.join(folder, relationship.get("Target", "")))
        if part.startswith("/"):
            part = part[1:]
        if part not in archive.namelist():
            continue
        for comment in fromstring(archive.read(part)).iter(f"{_MAIN}comment"):
            cell = _CELL.match(comment.get("ref", ""))
            text = "".join(t.text or "" for t in comment.iter(f"{_MAIN}t")).strip()
            if cell and text:
                notes[(int(cell.group(2)), _column(cell.group(1).encode()))] = text
    return notes

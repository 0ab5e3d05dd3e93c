"""Saving a workbook as openpyxl saves it, each sheet written straight into the file.

openpyxl writes every worksheet to a temporary file of its own, copies it into the
zip and deletes it: a file made, read back and removed per sheet, which costs more
than writing a tracker's sheets (removing a file just written can wait on the disk,
and on Windows a virus scanner looks at each new one). Here each sheet's XML is
written into its zip entry as it is made, the entry's details set as openpyxl's copy
of the temporary file sets them.

openpyxl also builds an XML element per cell and serialises it in Python, about half
the time of saving a tracker; a row of plain cells (text, numbers, blanks, with or
without a style) is written here as the same text that serialising gives. Any other
row (a formula, a date, a comment, a link, rich text), and every row when openpyxl
writes through lxml, is written by openpyxl. Every part of the saved workbook is the
same as openpyxl's (``tests/io/test_xlsx_save.py`` compares them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import stat
import time
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

#: What openpyxl's copy records of the temporary file: a plain file only its owner reads.
_ENTRY_MODE = (stat.S_IFREG | 0o600) << 16


class _DirectWriter(ExcelWriter):  # type: ignore[misc]
    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        entry = ZipInfo(ws.path[1:], time.localtime()[:6])
        entry.external_attr = _ENTRY_MODE
        entry.compress_type = self._archive.compression
        with self._archive.open(entry, "w") as stream:
            writer = _RowWriter(ws, out=stream)
            writer.write()
        ws._rels = writer._rels
        self.manifest.append(ws)


class _RowWriter(WorksheetWriter):  # type: ignore[misc]
    def write_row(self, xf: Any, row: list[Any], row_idx: int) -> None:
        # et_xmlfile's writer (openpyxl on the standard library's XML) writes text as given.
        write = getattr(xf, "_file", None)
        if write is None or not all(map(_plain, row)):
            super().write_row(xf, row, row_idx)
            return
        attributes = {"r": f"{row_idx}"}
        attributes.update(self.ws.row_dimensions.get(row_idx, {}))
        with xf.element("row", attributes):
            write("".join([_cell_xml(cell) for cell in row]))


def _plain(cell: Any) -> bool:
    """A cell whose XML is its place, its style and a text or number, or nothing."""
    if cell._comment is not None or cell.hyperlink is not None:
        return False
    value = cell._value
    if cell.data_type == "s":
        return type(value) is str
    return cell.data_type == "n" and (
        value is None or type(value) is int or (type(value) is float and math.isfinite(value))
    )


def _cell_xml(cell: Any) -> str:
    """The cell as openpyxl's writer serialises it (``openpyxl.cell._writer``)."""
    styled = cell.has_style
    value = cell._value
    if value is None and not styled:
        return ""
    style = f' s="{cell.style_id}"' if styled else ""
    kind = "inlineStr" if cell.data_type == "s" else cell.data_type
    start = f'<c r="{cell.coordinate}"{style} t="{kind}"'
    if value is None or value == "":
        return f"{start} />"
    if kind == "n":
        return f"{start}><v>{safe_string(value)}</v></c>"
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"{start}><is><t{space}>{text}</t></is></c>"


def save_workbook(workbook: Any, stream: IO[bytes]) -> None:
    """Write ``workbook`` (made in memory, not write-only) as ``workbook.save(stream)`` would."""
    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    try:
        _DirectWriter(workbook, archive).save()  # closes the archive when it is whole
    except BaseException:
        # Closed here, failing as the write did (a full disk): left open, the zip would try
        # again as it is freed, after the stream is closed, and complain on stderr.
        with contextlib.suppress(OSError, ValueError):
            archive.close()
        raise

"""Saving a workbook as openpyxl saves it, each sheet written straight into the file.

openpyxl writes every worksheet to a temporary file of its own, copies it into the
zip and deletes it: a file made, read back and removed per sheet, which costs more
than writing a tracker's sheets (removing a file just written can wait on the disk,
and on Windows a virus scanner looks at each new one). Here each sheet's XML is
written into its zip entry as it is made, the entry's details set as openpyxl's copy
of the temporary file sets them, so every part of the saved workbook is the same
(``tests/io/test_xlsx_save.py`` compares the two).
"""

from __future__ import annotations

import datetime as dt
import stat
import time
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

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
            writer = WorksheetWriter(ws, out=stream)
            writer.write()
        ws._rels = writer._rels
        self.manifest.append(ws)


def save_workbook(workbook: Any, stream: IO[bytes]) -> None:
    """Write ``workbook`` (made in memory, not write-only) as ``workbook.save(stream)`` would."""
    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _DirectWriter(workbook, archive).save()

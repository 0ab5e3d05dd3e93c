"""A force's Word template, checked before python-docx opens it.

A template is chosen by hand and may be anything with a .docx name: a PDF of the
force's paper, a password-protected document, a truncated copy, a folder. The
file's first bytes and its ZIP archive say what it is, and each XML part is parsed
through defusedxml first (entity declarations refused, as in a workbook), so a
damaged or hostile template is one sentence naming it, never python-docx's or
lxml's own error.
"""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from nhp_planner.io.xlsx_safety import (
    MOST_PART_BYTES,
    OLE_MAGIC,
    ZIP_MAGIC,
    first_line,
    ole_stream_names,
)
from nhp_planner.model.errors import ExportError

_SAVE_AS = "open it in Word and save it as a Word Document (.docx), then give that"


def open_template(template: Path) -> DocxDocument:
    """The template as python-docx reads it, or :class:`ExportError` saying what it is."""
    _check_file(template)
    try:
        return docx.Document(str(template))
    except (PackageNotFoundError, KeyError, ValueError, OSError, etree.LxmlError) as error:
        raise _refused(template, f"it is damaged ({first_line(error)}); {_SAVE_AS}") from error


def _refused(template: Path, why: str) -> ExportError:
    return ExportError(f"The Word template {template} cannot be read: {why}.")


def _check_file(template: Path) -> None:
    try:
        status = template.stat()
        if not stat.S_ISREG(status.st_mode):
            what = "a folder" if stat.S_ISDIR(status.st_mode) else "not an ordinary file"
            raise _refused(template, f"it is {what}, not a Word document (.docx)")
        with template.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise _refused(template, error.strerror or str(error)) from error
    if status.st_size == 0:
        raise _refused(template, "it is empty (0 bytes)")
    if head.startswith(OLE_MAGIC):
        names = ole_stream_names(template, ("EncryptedPackage", "WordDocument"))
        if "EncryptedPackage" in names:
            raise _refused(
                template,
                "it is protected with a password; open it in Word, remove the password "
                "(File > Info > Protect Document), save it and give that",
            )
        raise _refused(template, f"it is an old-style Word 97-2003 document (.doc); {_SAVE_AS}")
    if head.lstrip().lower().startswith(b"%pdf"):
        raise _refused(template, "it is a PDF, not a Word document; give the .docx it came from")
    if not head.startswith(ZIP_MAGIC):
        raise _refused(template, f"it is not a Word document (.docx); {_SAVE_AS}")
    _check_parts(template)


def _check_parts(template: Path) -> None:
    """The archive is whole, is a Word document, and each XML part parses without entities."""
    part = ""
    try:
        with zipfile.ZipFile(template) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                what = "an Excel workbook" if "xl/workbook.xml" in names else "a ZIP archive"
                raise _refused(template, f"it is {what}, not a Word document (.docx)")
            for info in archive.infolist():
                part = info.filename
                if not part.endswith((".xml", ".rels")):
                    continue
                if info.file_size > MOST_PART_BYTES:
                    raise _refused(
                        template,
                        f"its part {part} would unpack to far more than a template's styles "
                        "do; it may be damaged or built to exhaust memory",
                    )
                fromstring(archive.read(info))
    except DefusedXmlException:
        raise _refused(
            template,
            f"its part {part} contains XML entity declarations, which Word never writes and "
            "which can be built to exhaust memory; if you trust it, open it in Word and save "
            "a new copy",
        ) from None
    except (ET.ParseError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        where = f"its part {part} is damaged" if part else "its ZIP archive is damaged"
        raise _refused(
            template,
            f"{where} ({first_line(error)}); if it was copied or downloaded, try again, "
            f"or {_SAVE_AS}",
        ) from None

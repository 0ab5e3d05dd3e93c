"""Checks on a file offered as an Excel workbook, before and while openpyxl reads it.

A file's name says little: trackers arrive as old ``.xls`` files, password-
protected workbooks, text or web pages saved with an Excel name, truncated
downloads. The file's first bytes say what it is, and each kind gets one
sentence saying what to do. While reading, openpyxl must parse through
defusedxml (an .xlsx is untrusted XML), and the archive and XML errors of a
damaged file become :class:`ImportFormatError`.
"""

from __future__ import annotations

import logging
import stat
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from defusedxml import DefusedXmlException

from nhp_planner.model.errors import ImportFormatError

log = logging.getLogger(__name__)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Directory entries of an OLE compound file are 128 bytes, at offsets that are multiples of 128.
_ENTRY = 128
_CHUNK = 1 << 20
#: An .xlsx whose parts claim to unpack to more than this is refused before it is read: a
#: tracker of 10,000 deliverables unpacks to about 10 MB, and a "zip bomb" to gigabytes
#: (half a gigabyte of cells took openpyxl four minutes and two gigabytes of memory).
MOST_UNPACKED_BYTES = 64 << 20
#: The most one sheet, or the shared strings (the text of every cell), may unpack to.
MOST_PART_BYTES = 32 << 20
_HOW_TO_SAVE = "open it in Excel and save it as an Excel Workbook (.xlsx), then import that"

#: openpyxl binds its XML parsers when it is imported, once, by module: every place that
#: parses a workbook part must hold defusedxml's (it refuses entity declarations).
_PARSERS = (
    ("openpyxl.worksheet._reader", "iterparse"),
    ("openpyxl.reader.strings", "iterparse"),
    ("openpyxl.reader.excel", "fromstring"),
    ("openpyxl.reader.workbook", "fromstring"),
    ("openpyxl.styles.stylesheet", "fromstring"),
    ("openpyxl.packaging.manifest", "fromstring"),
    ("nhp_planner.io.tracker.shared_strings", "iterparse"),  # the tracker's shared strings
)


def unsafe_xml_parsers() -> list[str]:
    """The openpyxl parsing functions that are not defusedxml's (an empty list when safe).

    openpyxl uses defusedxml when it is installed, unless the environment sets
    ``OPENPYXL_DEFUSEDXML`` to anything but ``True`` before openpyxl is imported.
    """
    import importlib

    unsafe = []
    for module_name, name in _PARSERS:
        function = getattr(importlib.import_module(module_name), name)
        if not getattr(function, "__module__", "").startswith("defusedxml"):
            unsafe.append(f"{module_name}.{name}")
    return unsafe


def require_safe_xml(source: Path) -> None:
    """Refuse to read any workbook unless openpyxl parses it through defusedxml."""
    unsafe = unsafe_xml_parsers()
    if unsafe:
        raise ImportFormatError(
            f"{source}: not read, because this installation would parse Excel files without "
            f"defusedxml ({', '.join(unsafe)}); make sure defusedxml is installed and "
            "OPENPYXL_DEFUSEDXML is not set to False."
        )


def check_workbook_file(source: Path) -> None:
    """Check that a file is an .xlsx package openpyxl can open; say what it is if not."""
    try:
        status = source.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ImportFormatError(
                f"{source}: is not an ordinary file (a folder, a device or a pipe), "
                "so it is not a workbook."
            )
        size = status.st_size
        with source.open("rb") as stream:
            head = stream.read(4096)
    except OSError as error:
        raise ImportFormatError(f"{source}: cannot be read ({error.strerror}).") from error
    if size == 0:
        raise ImportFormatError(f"{source}: is empty (0 bytes), so there is nothing to import.")
    if head.startswith(OLE_MAGIC):
        _refuse_ole(source)
    if head.startswith(ZIP_MAGIC):
        _check_package(source)
        return
    raise ImportFormatError(f"{source}: {_not_a_workbook(head)}.")


def _refuse_ole(source: Path) -> None:
    """An OLE compound file: an encrypted .xlsx, an old .xls, or another Office document."""
    names = ole_stream_names(source, ("EncryptedPackage", "Workbook", "Book"))
    if "EncryptedPackage" in names:
        raise ImportFormatError(
            f"{source}: is protected with a password, so it cannot be read; open it in Excel, "
            "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
            "then clear the password and save), and import it again."
        )
    if names & {"Workbook", "Book"}:
        raise ImportFormatError(
            f"{source}: is an old-style Excel 97-2003 workbook (.xls), which NHP Planner "
            f"cannot read; {_HOW_TO_SAVE}."
        )
    raise ImportFormatError(
        f"{source}: is an older Office document, not an Excel workbook; {_HOW_TO_SAVE}."
    )


def ole_stream_names(source: Path, wanted: tuple[str, ...]) -> set[str]:
    """Which of ``wanted`` name a directory entry of an OLE compound file.

    Reads the file in chunks and matches each name where a directory entry
    starts (a multiple of 128 bytes), with the entry's name-length field to
    agree, so text inside a stream does not count.
    """
    patterns = {name: name.encode("utf-16-le") + b"\x00\x00" for name in wanted}
    found: set[str] = set()
    offset = 0
    with source.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            for name, pattern in patterns.items():
                start = chunk.find(pattern)
                while start != -1:
                    entry = chunk[start : start + _ENTRY]
                    if (offset + start) % _ENTRY == 0 and len(entry) >= 66:
                        (length,) = struct.unpack_from("<H", entry, 64)
                        if length == len(pattern):
                            found.add(name)
                    start = chunk.find(pattern, start + 1)
            offset += len(chunk)
    return found


def _check_package(source: Path) -> None:
    """A ZIP archive: check it is whole and is an .xlsx, not .xlsb, .ods or .docx."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise ImportFormatError(
            f"{source}: is damaged or incomplete (its ZIP archive cannot be opened: {error}); "
            "if it was copied or downloaded, try again, or open it in Excel and save a new copy."
        ) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise ImportFormatError(f"{source}: {_other_package(names)}.")
    # Sizes as the archive states them; zipfile stops (bad CRC) at a part that unpacks to more.
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MOST_UNPACKED_BYTES:
        raise ImportFormatError(
            f"{source}: would unpack to {unpacked / (1 << 30):.1f} GB, far more than any "
            f"tracker (at most {_megabytes(MOST_UNPACKED_BYTES)} is read; one of 10,000 "
            "deliverables unpacks to about 10 MB), so it was not read; it may be damaged or "
            "built to exhaust memory."
        )
    for info in infos:
        if info.file_size > MOST_PART_BYTES and info.filename.startswith("xl/"):
            what = (
                "its shared strings (the text of its cells)"
                if "sharedStrings" in info.filename
                else f"its part {info.filename}"
            )
            raise ImportFormatError(
                f"{source}: {what} would unpack to {_megabytes(info.file_size)}, more than the "
                f"{_megabytes(MOST_PART_BYTES)} one part of a workbook may, so it was not read; "
                "it may be damaged or built to exhaust memory."
            )


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _other_package(names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return f"is an Excel Binary Workbook (.xlsb), which NHP Planner cannot read; {_HOW_TO_SAVE}"
    if "content.xml" in names and "mimetype" in names:
        return (
            "is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx) "
            "from LibreOffice or Excel, then import that"
        )
    if "word/document.xml" in names:
        return "is a Word document, not an Excel workbook; put the table in Excel and save as .xlsx"
    return "is a ZIP archive but not an Excel workbook (it holds no xl/workbook.xml)"


def _not_a_workbook(head: bytes) -> str:
    """What a file that is neither a ZIP nor an OLE file looks like, and what to do."""
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf"):
        return "is a PDF, not an Excel workbook; import the Excel tracker it was printed from"
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in lowered:
        return f"is a web page (HTML) saved with an Excel name, not a real workbook; {_HOW_TO_SAVE}"
    if lowered.startswith(b"<?xml"):
        return (
            f"is an XML file (perhaps an Excel 2003 XML spreadsheet), not an .xlsx; {_HOW_TO_SAVE}"
        )
    if b"\x00" not in head:
        return (
            "is plain text, not an Excel workbook; if it holds comma-separated values, "
            f"give it a .csv name and import that, or {_HOW_TO_SAVE}"
        )
    return f"is not an Excel workbook (.xlsx) and cannot be read; {_HOW_TO_SAVE}"


@contextmanager
def reading_errors(source: Path, sheet: str | None = None) -> Iterator[None]:
    """Turn what a damaged or hostile workbook makes openpyxl raise into one sentence.

    Wrap only openpyxl's own work (opening, iterating rows), so errors in our
    code still surface as the bugs they are.
    """
    where = f" (sheet '{sheet}')" if sheet else ""
    try:
        yield
    except _OPENPYXL_ERRORS as error:
        # openpyxl wraps what goes wrong while opening in a ValueError; the cause says why.
        cause = _root_cause(error)
        if isinstance(cause, DefusedXmlException):
            log.info("Refused %s: %r", source, cause)
            raise ImportFormatError(
                f"{source}: contains XML entity declarations{where}, which Excel never writes "
                "and which can be built to exhaust memory, so it was not read; if you trust the "
                "file, open it in Excel and save a new copy."
            ) from None
        if isinstance(cause, OSError) and not isinstance(cause, zipfile.BadZipFile):
            raise ImportFormatError(f"{source}: cannot be read ({cause}).") from cause
        log.info("Damaged or unreadable workbook %s", source, exc_info=True)
        raise ImportFormatError(
            f"{source}: is damaged{where} ({first_line(cause)}); "
            "open it in Excel to repair it and save a new copy, then import that."
        ) from None


#: What openpyxl raises on a damaged workbook: archive and XML errors, a missing part
#: (KeyError), malformed values its descriptors reject (ValueError, TypeError), a style
#: or string index past the end of its list (IndexError) or too big to store (OverflowError).
_OPENPYXL_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ET.ParseError,
    KeyError,
    IndexError,
    OverflowError,
    OSError,
    ValueError,
    TypeError,
)


def _root_cause(error: BaseException) -> BaseException:
    """The error behind openpyxl's ValueError wrappers; a defusedxml refusal stops the walk."""
    seen: BaseException = error
    while (
        isinstance(seen, ValueError)
        and not isinstance(seen, DefusedXmlException)
        and seen.__cause__ is not None
    ):
        seen = seen.__cause__
    return seen


def first_line(error: BaseException, limit: int = 120) -> str:
    """An exception's first line, short: openpyxl's own messages run to several lines."""
    line = (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")
    return line if len(line) <= limit else line[: limit - 1] + "…"

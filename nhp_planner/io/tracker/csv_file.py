"""Step 1 for CSV: a tracker saved as CSV, decoded and passed through the same steps.

Takes the path of a .csv file (UTF-8, Excel's Windows encoding, or the UTF-16 with a
byte-order mark that Excel's "Unicode Text" saves; comma, semicolon or tab separated);
gives its :class:`~nhp_planner.io.reading.SourceReading`.
A CSV file is one sheet with no fills, so there are no candidates to choose
between and no RAG colours.
"""

from __future__ import annotations

import codecs
import csv
import logging
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from nhp_planner.io.reading import ReadFrom, SourceReading
from nhp_planner.io.tracker.candidates import SCAN_ROWS, table_header
from nhp_planner.io.tracker.deliverables import table_reading
from nhp_planner.io.tracker.document import source_reading
from nhp_planner.io.tracker.headers import LOOKED_FOR
from nhp_planner.io.tracker.rows import TableReader, with_duplicates_named
from nhp_planner.io.tracker.sheets import NoStyles, SheetRow
from nhp_planner.io.xlsx_text import CELL_LIMIT
from nhp_planner.model.errors import ImportFormatError

log = logging.getLogger(__name__)

_Read = TypeVar("_Read")

_CSV_SAMPLE = 64 * 1024


def read_csv_tracker(path: str | Path) -> SourceReading:
    """Read a tracker saved as CSV (UTF-8, Windows encoding or UTF-16); CSV has no RAG fills.

    Raises:
        ImportFormatError: the file cannot be read as text, or holds no table of deliverables.
    """
    source = Path(path)
    return read_csv_rows(source, lambda rows: _read_csv(source, rows))


def read_csv_rows(source: Path, read: Callable[[Iterator[SheetRow]], _Read]) -> _Read:
    """What ``read`` makes of a CSV file's rows, the file decoded as it was saved.

    The trackers and the registers read CSV through here alike: UTF-16 after its
    byte-order mark (Excel's "Unicode Text"), else UTF-8, else Windows encoding (tried
    in turn: a file is read again in the next when a byte does not decode); comma,
    semicolon or tab separated. A file that is not text is refused in one sentence.
    """
    try:
        with source.open("rb") as stream:
            head = stream.read(_CSV_SAMPLE)
    except OSError as error:
        raise ImportFormatError(f"{source}: cannot be read ({error.strerror}).") from error
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text": UTF-16 after its byte-order mark, tab separated.
        try:
            return _decoded(source, "utf-16", read)
        except UnicodeDecodeError:
            raise ImportFormatError(
                f'{source}: starts as UTF-16 text ("Unicode Text") but is not UTF-16 text '
                f"throughout, so it cannot be read as CSV; {_SAVE_AS}."
            ) from None
    if b"\x00" in head:
        raise ImportFormatError(_binary_refusal(source, head))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _decoded(source, encoding, read)
        except UnicodeDecodeError:
            log.info("%s is not %s; trying the next encoding", source, encoding)
    raise ImportFormatError(
        f"{source}: is not text in UTF-8 or Windows encoding, so it cannot be read as CSV; "
        f"{_SAVE_AS}."
    )


def _decoded(source: Path, encoding: str, read: Callable[[Iterator[SheetRow]], _Read]) -> _Read:
    with source.open(encoding=encoding, newline="") as stream:
        sample = stream.read(_CSV_SAMPLE)
        stream.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            # The sniffer wants as many of one mark on every line, which a title above the
            # table defeats: the mark the sample holds most of separates its cells.
            dialect, delimiter = csv.excel, max(",;\t", key=sample.count)
        return read(_csv_rows(csv.reader(stream, dialect, delimiter=delimiter), source))


_SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx), then import that"


def _binary_refusal(source: Path, head: bytes) -> str:
    """Why a .csv file holding NUL bytes is refused: UTF-16 text without its mark, or not text.

    Text saved as UTF-16 without a byte-order mark has a NUL beside nearly every Latin
    letter, on the same side each time. That side hints at the byte order, but the file does
    not say it, so it is refused, not guessed.
    """
    pairs = len(head) // 2
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if pairs and max(even, odd) > 0.9 * pairs and min(even, odd) < 0.1 * pairs:
        return (
            f'{source}: looks like UTF-16 text ("Unicode Text") saved without the mark '
            f"that says which way round its bytes are, so it cannot be read as CSV; {_SAVE_AS}."
        )
    return (
        f"{source}: is not a CSV text file (it holds binary data); if it is an Excel "
        "workbook, give it an .xlsx name and import that."
    )


def _read_csv(source: Path, rows: Iterator[SheetRow]) -> SourceReading:
    scanned = list(islice(rows, SCAN_ROWS))
    found = table_header(scanned)
    if found is None:
        raise ImportFormatError(
            f"{source}: no table of deliverables found; NHP Planner looks for {LOOKED_FOR}."
        )
    reader = TableReader(found[0], NoStyles(), None)
    read = with_duplicates_named(source, reader.read, chain(scanned, rows))
    return source_reading(
        source,
        found[0],
        table_reading(read),
        "the file",
        source.stem,
        read_from=ReadFrom((), found[0].first_row),
    )


def _csv_rows(reader: Iterator[list[str]], source: Path) -> Iterator[SheetRow]:
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            # A quoted cell's line breaks come back as Excel wrote them (CR LF); a plan's are LF.
            yield SheetRow(number, [v.replace("\r\n", "\n") for v in values])
    except csv.Error as error:
        if "field limit" in str(error):
            raise ImportFormatError(
                f"{source}: row {number + 1}: a cell is longer than the "
                f"{csv.field_size_limit():,} characters a CSV cell is read up to, far more than "
                f"the {CELL_LIMIT:,} an Excel cell holds, so the file was not read."
            ) from None
        raise ImportFormatError(
            f"{source}: row {number + 1}: is not valid CSV ({error})."
        ) from None

"""Trackers as people keep them, written with openpyxl for the import tests and benchmark.

Also the files that are not workbooks at all: an OLE compound file holding an
encrypted package (what Excel writes for a password-protected workbook) or an
old .xls, and .xlsx files carrying an XML entity bomb.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Color, Font, PatternFill

GREEN_FILL = "00B050"
AMBER_FILL = "FFC000"
RED_FILL = "FF0000"
GREY_HEADER = "D9D9D9"
BLUE_OBJECTIVE = "1F4E78"


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell with more than a value: a fill (hex, or a theme colour with tint), a merge."""

    value: object = None
    fill: str | None = None
    theme: tuple[int, float] | None = None
    #: Merge this cell with the next ``across`` cells to its right.
    across: int = 0
    bold: bool = False


Row = Sequence[object]


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[Row]]]) -> Path:
    """Write sheets of rows; a value may be a :class:`Cell` for fills and merges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row_number, row in enumerate(rows, start=1):
            for column, item in enumerate(row, start=1):
                spec = item if isinstance(item, Cell) else Cell(item)
                if spec.value is None and spec.fill is None and spec.theme is None:
                    continue
                cell = sheet.cell(row_number, column, spec.value)
                if isinstance(spec.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                if spec.fill:
                    cell.fill = PatternFill("solid", fgColor=spec.fill)
                elif spec.theme:
                    theme, tint = spec.theme
                    cell.fill = PatternFill("solid", fgColor=Color(theme=theme, tint=tint))
                if spec.bold:
                    cell.font = Font(bold=True)
                if spec.across:
                    sheet.merge_cells(
                        start_row=row_number,
                        start_column=column,
                        end_row=row_number,
                        end_column=column + spec.across,
                    )
    workbook.save(path)
    return path


def messy_tracker(path: Path) -> Path:
    """A tracker the way a person keeps one, with every habit the importer must cope with.

    A cover sheet and a notes sheet first; the plan on a sheet called "NHP 24-25"
    with a protective marking, a title and blank rows above a two-row header whose
    headings are moved, renamed and merged; objective rows merged and shaded (one
    "Objective 1 - ..." typed in mixed case, one with no number); a row split
    across a page break; RAG as a word, a letter, or only a fill in several
    shades; dates as real date cells or text; blank rows; a RAG key and notes below.
    (:func:`with_duplicate_ref` adds a second 2.2, which stops the import.)
    """
    cover = [
        ["Neighbourhood Policing Strategy"],
        ["Delivery plan tracker"],
        [],
        ["Owner: Strategy & Planning"],
        ["Ref: NHP/2024/07"],
    ]
    notes = [
        ["Notes for leads"],
        ["Update your rows by the 5th of each month."],
        ["RAG", "Meaning"],
        ["Green", "Done"],
    ]
    plan: list[Row] = [
        ["OFFICIAL"],
        [Cell("Harrowdale NHP Strategy – Delivery Plan 2024/25", bold=True, across=5)],
        [],
        [
            Cell("No.", fill=GREY_HEADER),
            Cell("Action / Deliverable", fill=GREY_HEADER),
            Cell("Owner", fill=GREY_HEADER),
            Cell("March 2024", fill=GREY_HEADER, across=1),
            Cell(fill=GREY_HEADER),
            Cell("Target date", fill=GREY_HEADER),
        ],
        [
            Cell(fill=GREY_HEADER),
            Cell(fill=GREY_HEADER),
            Cell(fill=GREY_HEADER),
            Cell("Latest update", fill=GREY_HEADER),
            Cell("RAG status", fill=GREY_HEADER),
            Cell(fill=GREY_HEADER),
        ],
        [],
        [Cell("SUMMARY POSITION", fill=BLUE_OBJECTIVE, across=5)],
        [
            "0.1",
            "Publish the strategy",
            "Ch Insp Vale",
            "Published on the intranet",
            "g",
            "Complete",
        ],
        [
            "0.2",
            "Set up the delivery board",
            "Supt Marsh",
            "Board meets monthly",
            Cell(fill="C6EFCE"),
            dt.datetime(2024, 3, 31),
        ],
        [
            Cell(
                "Objective 1 - Prevent crime and ASB in our Neighbourhoods",
                across=5,
                theme=(4, 0.4),
            )
        ],
        [
            "1.1",
            "We will hold ward panels in every ward",
            "Insp Okafor",
            "Panels held in 9 of 12 wards",
            " amber ",
            dt.date(2024, 6, 30),
        ],
        # Split across a page break: the text and the RAG run on to the next row.
        [
            "1.2",
            "We will train every PCSO in problem",
            "Sgt Patel",
            "Course booked for",
            None,
            None,
        ],
        [None, "solving (SARA)", None, "April and May", Cell("Red", fill=RED_FILL), "TBC"],
        [
            "1.3",
            "We will publish ward profiles",
            None,
            "Draft profiles shared",
            "On track",
            "End 2024",
        ],
        [],
        [
            "2.1 We will visit every repeat victim within 48 hours",
            None,
            "Insp Okafor",
            "Started",
            Cell(fill=AMBER_FILL),
            "Ongoing",
        ],
        [
            "2.2",
            "We will map hotspots with partners",
            "Analyst",
            "Monthly maps sent",
            Cell(theme=(9, 0.0)),
            "30/09/2024",
        ],
        ["2.3", "We will grey this one out", "Analyst", "Paused", Cell(fill=GREY_HEADER), "TBC"],
        ["2.4", None, None, None, None, None],
        # A second 2.2 typed here by mistake stops the import (see the duplicate tests),
        # so the messy tracker leaves the row blank.
        [],
        [],
        [None, "Ward surgeries in every ward", None, "Planned", "A", "TBC"],
        [],
        ["RAG key"],
        ["GREEN", "Complete or on track"],
        ["AMBER", "Some slippage"],
        ["RED", "Off track"],
        [],
        ["Notes: RAG ratings agreed at the delivery board on 12/03/2024."],
    ]
    return write_workbook(path, [("Cover", cover), ("Notes", notes), ("NHP 24-25", plan)])


def with_duplicate_ref(messy: Path, out: Path) -> Path:
    """The messy tracker with a second 2.2 typed at row 20 by mistake."""
    workbook = load_workbook(messy)
    sheet = workbook["NHP 24-25"]
    for column, value in enumerate(
        ["2.2", "A second 2.2 typed by mistake", None, "Text", "G", "Ongoing"], start=1
    ):
        sheet.cell(20, column, value)
    workbook.save(out)
    return out


_WORDS = (
    "We will work with partners to reduce anti-social behaviour in the night-time economy "
    "and publish ward profiles, training officers in problem solving and sharing "
    "intelligence with the council and housing providers every quarter"
)


def big_tracker(path: Path, count: int, *, seed: int = 7) -> Path:
    """A tracker of ``count`` deliverables with RAG fills, saved the way Excel saves one.

    Excel keeps texts in a shared-strings part and records the sheet's used
    range at its top; openpyxl writes neither by default, so the workbook is
    written whole and its strings then moved to a shared-strings part.
    """
    rng = random.Random(seed)
    words = _WORDS.split()
    fills = {
        "GREEN": PatternFill("solid", fgColor=GREEN_FILL),
        "AMBER": PatternFill("solid", fgColor=AMBER_FILL),
        "RED": PatternFill("solid", fgColor=RED_FILL),
    }
    dates = ("31/03/2024", "Ongoing", "TBC", "Complete", "End 2024", "Complete Review 2025")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Delivery Plan"
    sheet.append([f"Benchmark plan of {count} deliverables"])
    sheet.append(["Ref", "Deliverable", "Lead", "Summary position (January 2024)", "RAG", "Date"])
    objectives = 10
    per = -(-count // objectives)
    row = 2
    for n in range(count):
        number, item = n // per + 1, n % per + 1
        if item == 1:
            sheet.append([f"Objective {number}: Objective number {number}"])
            row += 1
        rag = rng.choice(("GREEN", "GREEN", "AMBER", "AMBER", "RED", ""))
        row += 1
        sheet.append(
            [
                f"{number}.{item}",
                " ".join(rng.choices(words, k=18)),
                f"Inspector {rng.randint(1, 40)}",
                " ".join(rng.choices(words, k=45)),
                rag or None,
                rng.choice(dates),
            ]
        )
        if rag:
            sheet.cell(row, 5).fill = fills[rag]
    inline = path.with_name(f"{path.stem}-inline{path.suffix}")
    workbook.save(inline)
    with_shared_strings(inline, path)
    inline.unlink()
    return path


# ------------------------------------------------------- files that are not workbooks

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SECTOR = 512
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
#: Streams shorter than this live in a "mini stream"; ours are padded past it to keep it simple.
_MINI_CUTOFF = 4096


def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """Write an OLE compound file (version 3) holding the given streams at the top level.

    What Excel writes around a password-protected workbook ("EncryptionInfo",
    "EncryptedPackage") and what an old .xls is ("Workbook"). Up to three
    streams, each padded to the mini-stream cutoff so all live in plain sectors.
    """
    assert 1 <= len(streams) <= 3
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's order
    data = {n: streams[n].ljust(_MINI_CUTOFF, b"\0") for n in names}
    fat = [_FAT, _END]  # sector 0: the FAT itself; sector 1: the directory
    starts = {}
    for name in names:
        count = -(-len(data[name]) // _SECTOR)
        starts[name] = len(fat)
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    assert len(fat) <= _SECTOR // 4
    fat.extend([_FREE] * (_SECTOR // 4 - len(fat)))
    header = bytearray(_SECTOR)
    header[0:8] = _OLE_SIGNATURE
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x2C, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0, 0)
    struct.pack_into("<I", header, 0x4C, 0)
    for index in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * index, _FREE)
    # A red-black tree of the (at most three) streams: the middle one black at the root.
    middle = len(names) // 2
    entries = [_entry("Root Entry", 5, 1, _NONE, _NONE, middle + 1, _END, 0)]
    for index, name in enumerate(names):
        left = index if index == middle and index > 0 else _NONE
        right = index + 2 if index == middle and index + 1 < len(names) else _NONE
        colour = 1 if index == middle else 0
        entries.append(_entry(name, 2, colour, left, right, _NONE, starts[name], len(data[name])))
    while len(entries) < _SECTOR // 128:
        entries.append(_entry("", 0, 0, _NONE, _NONE, _NONE, 0, 0))
    body = struct.pack(f"<{len(fat)}I", *fat) + b"".join(entries)
    body += b"".join(
        data[name].ljust(-(-len(data[name]) // _SECTOR) * _SECTOR, b"\0") for name in names
    )
    path.write_bytes(bytes(header) + body)
    return path


def _entry(
    name: str, kind: int, colour: int, left: int, right: int, child: int, start: int, size: int
) -> bytes:
    encoded = name.encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded) + 2 if name else 0, kind, colour)
    struct.pack_into("<III", entry, 68, left, right, child)
    struct.pack_into("<IQ", entry, 116, start, size)
    return bytes(entry)


def encrypted_workbook(path: Path) -> Path:
    """A password-protected workbook as Excel writes one: an OLE file with an EncryptedPackage."""
    return compound_file(
        path,
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
            "EncryptedPackage": struct.pack("<Q", 20_000) + bytes(random.Random(1).randbytes(8000)),
        },
    )


def old_xls(path: Path) -> Path:
    """An Excel 97-2003 workbook's outer shape: an OLE file with a "Workbook" stream."""
    return compound_file(path, {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(5000)})


_BOMB_DTD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>\n"
)


def entity_bomb(source: Path, out: Path, part: str) -> Path:
    """Copy a workbook (or a Word document), giving one XML part a "billion laughs" DTD.

    A sheet, the shared strings and a Word document's body use it in their text; any other
    part only declares it.

    Expanded, ``&lol9;`` is a thousand million "lol"s: about 3 GB of text.
    """
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as bomb:
        assert part in original.namelist(), f"{source.name} has no {part}"
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == part:
                text = content.decode("utf-8")
                body = text[text.index("?>") + 2 :].lstrip() if text.startswith("<?xml") else text
                if part.endswith("sharedStrings.xml"):
                    body = re.sub(r"(<t[^>]*>)", r"\1&lol9;", body, count=1)
                elif "worksheets/" in part:
                    body = body.replace(
                        "</sheetData>",
                        '<row r="999"><c r="A999" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                        "</sheetData>",
                        1,
                    )
                elif part == "word/document.xml":
                    body = body.replace(
                        "<w:body>", "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", 1
                    )
                content = (_BOMB_DTD + body).encode("utf-8")
            bomb.writestr(item, content)
    return out


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def with_shared_strings(source: Path, out: Path) -> Path:
    """Copy a workbook, moving its inline strings (openpyxl's way) to a shared-strings part.

    Excel keeps every text in ``xl/sharedStrings.xml`` and cells refer to it by index.
    """
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in original.infolist():
            content = original.read(item.filename).decode("utf-8")
            if item.filename.startswith("xl/worksheets/"):
                content = _INLINE.sub(shared, content)
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    "</Relationships>",
                )
            copy.writestr(item, content.encode("utf-8"))
        table = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
        copy.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )
    return out


def truncated(source: Path, out: Path, keep: float = 0.6) -> Path:
    """The first part of a workbook, as an interrupted download or copy leaves it."""
    data = source.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def corrupted(
    source: Path, out: Path, part: str = "xl/worksheets/sheet1.xml", *, at: float = 0.0
) -> Path:
    """A whole workbook with bytes of one part overwritten: the archive opens, the part does not.

    ``at`` says how far into the part's compressed data the damage starts (0 to 1).
    """
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    # The member's data starts after its local header (30 bytes, name, extra field).
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length + int(info.compress_size * at)
    end = min(
        start + 400, info.header_offset + 30 + name_length + extra_length + info.compress_size
    )
    for offset in range(start + 10, end, 7):
        data[offset] ^= 0x5A
    out.write_bytes(bytes(data))
    return out

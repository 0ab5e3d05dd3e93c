"""Files offered as trackers that are not readable workbooks, XML safety, and streaming."""

from __future__ import annotations

import os
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

import nhp_planner.io.xlsx_safety as xlsx_safety
from nhp_planner.io.importing import read_source
from nhp_planner.io.xlsx_colours import rag_of_colour
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.rag import Rag
from tests.fixture_files import FIXTURE_XLSX
from tests.io.tracker_builders import (
    big_tracker,
    corrupted,
    encrypted_workbook,
    entity_bomb,
    messy_tracker,
    old_xls,
    truncated,
    with_shared_strings,
    write_workbook,
)


def refusal(path: Path) -> str:
    with pytest.raises(ImportFormatError) as raised:
        read_source(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def causes(error: BaseException) -> list[type[BaseException]]:
    """Every exception behind one, through ``raise ... from`` and ``during handling``."""
    found: list[type[BaseException]] = []
    seen: BaseException | None = error
    while seen is not None:
        found.append(type(seen))
        seen = seen.__cause__ or seen.__context__
    return found


# ------------------------------------------------------------- XML safety


def test_openpyxl_parses_every_workbook_part_through_defusedxml() -> None:
    # openpyxl picks defusedxml when it is installed and OPENPYXL_DEFUSEDXML is not
    # "False" at import time; the parsers it bound then are the ones it uses.
    assert openpyxl.DEFUSEDXML is True
    assert xlsx_safety.unsafe_xml_parsers() == []


def test_no_workbook_is_read_if_openpyxl_would_parse_without_defusedxml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import openpyxl.worksheet._reader as sheet_reader

    monkeypatch.setattr(sheet_reader, "iterparse", ET.iterparse)
    message = refusal(FIXTURE_XLSX)
    assert "without defusedxml (openpyxl.worksheet._reader.iterparse)" in message


@pytest.mark.parametrize(
    "part",
    [
        "xl/worksheets/sheet1.xml",  # streamed by openpyxl's iterparse
        "xl/sharedStrings.xml",  # iterparse too
        "xl/workbook.xml",  # fromstring
        "xl/styles.xml",  # fromstring
        "[Content_Types].xml",  # fromstring
        "xl/theme/theme1.xml",  # read by the importer itself for theme colours
    ],
)
def test_an_entity_bomb_is_refused_by_defusedxml(tmp_path: Path, part: str) -> None:
    excel_style = with_shared_strings(FIXTURE_XLSX, tmp_path / "shared.xlsx")
    bomb = entity_bomb(excel_style, tmp_path / "bomb.xlsx", part)
    with pytest.raises(ImportFormatError) as raised:
        read_source(bomb)
    assert "contains XML entity declarations" in str(raised.value)
    assert "can be built to exhaust memory, so it was not read" in str(raised.value)
    # defusedxml refused the entities: expat never expanded them.
    assert EntitiesForbidden in causes(raised.value)


# ------------------------------------------------------------- not workbooks


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    path.write_text("Ref,Deliverable,RAG\n1.1,We will,GREEN\n", encoding="utf-8")
    assert (
        "is plain text, not an Excel workbook; if it holds comma-separated values, give it a "
        ".csv name and import that"
    ) in refusal(path)


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    message = refusal(encrypted_workbook(tmp_path / "protected.xlsx"))
    assert "is protected with a password, so it cannot be read" in message
    assert "remove the password (File > Info > Protect Workbook > Encrypt with Password" in message


@pytest.mark.parametrize("name", ["old.xls", "saved-as-old-but-named.xlsx"])
def test_an_old_xls_workbook(tmp_path: Path, name: str) -> None:
    message = refusal(old_xls(tmp_path / name))
    assert "is an old-style Excel 97-2003 workbook (.xls), which NHP Planner cannot read" in message
    assert "save it as an Excel Workbook (.xlsx), then import that" in message


def test_a_real_xlsx_named_xls_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "renamed.xls"
    path.write_bytes(FIXTURE_XLSX.read_bytes())
    assert len(read_source(path).document.snapshot.deliverables) == 55


def test_truncated_and_corrupted_workbooks(tmp_path: Path) -> None:
    message = refusal(truncated(FIXTURE_XLSX, tmp_path / "cut.xlsx"))
    assert "is damaged or incomplete (its ZIP archive cannot be opened" in message
    message = refusal(corrupted(FIXTURE_XLSX, tmp_path / "bad-start.xlsx"))
    assert "is damaged (" in message and "open it in Excel to repair it" in message
    # Damage further in is met while the rows are read, so the sheet is named.
    message = refusal(corrupted(FIXTURE_XLSX, tmp_path / "bad-rows.xlsx", at=0.7))
    assert "is damaged (sheet 'Delivery Plan')" in message


def test_a_workbook_part_missing(tmp_path: Path) -> None:
    broken = tmp_path / "no-sheet.xlsx"
    with zipfile.ZipFile(FIXTURE_XLSX) as original, zipfile.ZipFile(broken, "w") as copy:
        for item in original.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                copy.writestr(item, original.read(item.filename))
    assert "holds no worksheet that can be read, so it is probably damaged" in refusal(broken)


def test_other_packages_and_formats(tmp_path: Path) -> None:
    xlsb = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01")
    assert "is an Excel Binary Workbook (.xlsb)" in refusal(xlsb)
    page = tmp_path / "export.xls"
    page.write_text("<html><body><table><tr><td>1.1</td></tr></table></body></html>")
    assert "is a web page (HTML) saved with an Excel name" in refusal(page)
    ods = tmp_path / "plan.ods"
    ods.write_bytes(b"PK")
    assert "is an OpenDocument spreadsheet; save it as an Excel Workbook (.xlsx)" in refusal(ods)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "is empty (0 bytes)" in refusal(empty)


def test_a_workbook_claiming_to_unpack_to_gigabytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_safety, "MOST_UNPACKED_BYTES", 10_000)
    assert "would unpack to 0.0 GB, far more than any tracker" in refusal(FIXTURE_XLSX)


def test_a_workbook_with_no_table_says_what_it_looked_for(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "cover.xlsx",
        [("Cover", [["Our plan"], ["Kept by the strategy team"]]), ("Notes", [["Notes"]])],
    )
    message = refusal(path)
    assert "no table of deliverables found on any sheet ('Cover', 'Notes')" in message
    assert "a reference column (Ref, No.) or a deliverable column (Deliverable, Action" in message
    assert "RAG / Progress / Status" in message
    headers_only = write_workbook(
        tmp_path / "empty-table.xlsx", [("Plan", [["Ref", "Deliverable", "RAG"], [None, "x"]])]
    )
    assert (
        "sheet 'Plan' has a header row at row 1 (Ref, Deliverable, RAG), but no row below it has "
        "a deliverable reference such as 1.4, so there is nothing to import"
    ) in refusal(headers_only)


def test_a_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes(FIXTURE_XLSX.read_bytes())
    assert "is not a CSV text file (it holds binary data)" in refusal(path)


# ------------------------------------------------------------------ streaming


def test_a_large_tracker_is_streamed_not_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[dict[str, Any]] = []
    load = openpyxl.load_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs)
        return load(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)

    def memory(rows: int) -> tuple[int, int]:
        path = big_tracker(tmp_path / f"{rows}.xlsx", rows)
        tracemalloc.start()
        reading = read_source(path)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(reading.document.snapshot.deliverables) == rows
        return held, peak - held

    read_source(FIXTURE_XLSX)  # first use: imports, caches
    opened.clear()
    small_held, small_extra = memory(250)
    large_held, large_extra = memory(1000)
    assert opened == [{"read_only": True, "data_only": True, "keep_links": False}] * 2
    # Four times the rows: the reading holds three times as much and more, but what reading
    # needs beyond its result (parse buffers, one row at a time) does not grow.
    assert large_held > 2.5 * small_held
    assert large_extra < 1.3 * small_extra


# --------------------------------------------------------------------- colours


@pytest.mark.parametrize(
    ("colour", "rag"),
    [
        ("FF00B050", Rag.GREEN),
        ("0092D050", Rag.GREEN),
        ("C6EFCE", Rag.GREEN),
        ("FFC000", Rag.AMBER),
        ("FFFF00", Rag.AMBER),
        ("ED7D31", Rag.AMBER),
        ("FF0000", Rag.RED),
        ("FFC7CE", Rag.RED),
        ("C00000", Rag.RED),
        ("D9D9D9", None),
        ("1F4E78", None),
        ("4472C4", None),
        ("000000", None),
        ("FFFFFF", None),
        ("7030A0", None),  # purple
    ],
)
def test_colours_read_as_rags(colour: str, rag: Rag | None) -> None:
    assert rag_of_colour(colour) is rag


def test_the_messy_tracker_reads_the_same_with_excels_shared_strings(tmp_path: Path) -> None:
    messy = messy_tracker(tmp_path / "messy.xlsx")
    shared = with_shared_strings(messy, tmp_path / "shared.xlsx")

    def strip_ids(path: Path) -> list[tuple[str, str, str, Rag]]:
        return [
            (d.ref, d.commitment, d.summary_position, d.rag)
            for d in read_source(path).document.snapshot.deliverables
        ]

    assert strip_ids(shared) == strip_ids(messy)


def _with_part(tmp_path: Path, name: str, content: bytes) -> Path:
    """The real tracker with one part replaced (or added), as a damaged or hostile file has."""
    out = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(FIXTURE_XLSX) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
        target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out


def test_shared_strings_that_unpack_past_the_limit_are_refused_before_reading(
    tmp_path: Path,
) -> None:
    strings = b"<sst>" + b"<si><t>x</t></si>" * (40 * 2**20 // 17) + b"</sst>"
    bomb = _with_part(tmp_path, "xl/sharedStrings.xml", strings)
    assert bomb.stat().st_size < 2**20  # a small file...
    message = refusal(bomb)  # ...refused at once, saying which limit
    assert "its shared strings (the text of its cells) would unpack to 40 MB" in message
    assert "more than the 32 MB one part of a workbook may" in message


def test_a_sheet_that_unpacks_past_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>1.1</t></is></c></row>' % (n, n)
        for n in range(1, 600_000)
    )
    sheet = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    message = refusal(_with_part(tmp_path, "xl/worksheets/sheet1.xml", sheet))
    assert "its part xl/worksheets/sheet1.xml would unpack to " in message
    assert "more than the 32 MB one part of a workbook may" in message


def test_a_pipe_named_like_a_workbook_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "tracker.xlsx"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    assert "is not an ordinary file" in refusal(pipe)

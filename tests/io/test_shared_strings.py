"""The tracker's shared strings read faster than openpyxl reads them, and exactly as it does.

Side by side on every workbook with shared strings the tests hold (LibreOffice's,
the messy tracker as Excel keeps its text, a big generated one) and on an entry of
every kind Excel writes: the strings, and the whole reading made from them, are
the same as with ``openpyxl.load_workbook``.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.reader.strings import read_string_table

import nhp_planner.io.tracker.workbook as tracker_workbook
from nhp_planner.io.importing import read_source
from nhp_planner.io.reading import SourceReading
from nhp_planner.io.tracker.shared_strings import (
    load_tracker_workbook,
    read_shared_strings,
    sheet_cells,
)
from tests.io.tracker_builders import big_tracker, messy_tracker, with_shared_strings

DATA = Path(__file__).resolve().parents[1] / "data"
PART = "xl/sharedStrings.xml"

#: One entry of each kind: plain, kept spaces, empty, formatted runs (with and without a plain
#: part), a phonetic guide (left out of the text), Excel's escapes, markup-like and other text.
ENTRIES = (
    "<si><t>GREEN</t></si>",
    '<si><t xml:space="preserve">  two spaces either side  </t></si>',
    "<si><t/></si>",
    "<si><t></t></si>",
    "<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space='preserve'> then plain</t></r></si>",
    "<si><t>Plain </t><r><rPr><i/></rPr><t>and italic</t></r></si>",
    "<si><t>東京</t><rPh sb='0' eb='2'><t>トウキョウ</t></rPh><phoneticPr fontId='1'/></si>",
    "<si><r><t/></r><r><t>after an empty run</t></r></si>",
    "<si><t>line one&#10;line two_x000D_ and _x005F_x000D_ kept</t></si>",
    "<si><t>&lt;b&gt;not bold&lt;/b&gt; &amp; \"quoted\" 'single'</t></si>",
    "<si><t>Patrols 🚓 done ✅ — café, الشرطة</t></si>",
    "<si></si>",
)


def _table(entries: tuple[str, ...]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(entries)}" uniqueCount="{len(entries)}">{"".join(entries)}</sst>'
    ).encode()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every workbook with shared strings at hand."""
    folder = tmp_path_factory.mktemp("shared")
    messy = with_shared_strings(messy_tracker(folder / "messy.xlsx"), folder / "messy-ss.xlsx")
    return [
        DATA / "libreoffice-kingsbridge-tracker.xlsx",
        messy,
        big_tracker(folder / "big.xlsx", 300),
    ]


def test_every_workbook_s_strings_read_as_openpyxl_reads_them(workbooks: list[Path]) -> None:
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            with archive.open(PART) as stream:
                ours = read_shared_strings(stream)
            with archive.open(PART) as stream:
                theirs = read_string_table(stream)
        assert ours == theirs, path.name
        assert len(ours) > 10, path.name


def test_each_kind_of_entry_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    (tmp_path / "sst.xml").write_bytes(_table(ENTRIES))
    with (tmp_path / "sst.xml").open("rb") as stream:
        ours = read_shared_strings(stream)
    with (tmp_path / "sst.xml").open("rb") as stream:
        theirs = read_string_table(stream)
    assert ours == theirs
    assert ours[4] == "Bold then plain" and ours[6] == "東京" and ours[2] == ""


def _with_strings(source: Path, out: Path, table: bytes) -> Path:
    """A copy of a workbook whose shared-strings part is ``table``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, table if item.filename == PART else original.read(item))
    return out


def _cells(workbook: Any) -> list[list[object]]:
    try:
        return [[cell.value for cell in row] for sheet in workbook for row in sheet.iter_rows()]
    finally:
        workbook.close()


def test_an_item_within_an_item_is_left_to_openpyxl(workbooks: list[Path], tmp_path: Path) -> None:
    """No valid workbook nests them; whatever openpyxl makes of one, the tracker reads alike."""
    with zipfile.ZipFile(workbooks[0]) as archive:
        table = archive.read(PART).decode()
    nested = table.replace("<si>", "<si><si><t>inner</t></si>", 1).encode()
    path = _with_strings(workbooks[0], tmp_path / "nested.xlsx", nested)
    options: dict[str, Any] = {"read_only": True, "data_only": True, "keep_links": False}
    with path.open("rb") as stream:
        ours = _cells(load_tracker_workbook(stream, **options))
    with path.open("rb") as stream:
        theirs = _cells(openpyxl.load_workbook(stream, **options))
    assert ours == theirs


def _without_ids(value: object) -> object:
    """A reading as plain data, without the ids each reading makes anew."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _without_ids(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name != "id"
        }
    if isinstance(value, (list, tuple)):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items()}
    return value


def _read_with_openpyxl(path: Path, monkeypatch: pytest.MonkeyPatch) -> SourceReading:
    with monkeypatch.context() as patched:
        patched.setattr(tracker_workbook, "load_tracker_workbook", openpyxl.load_workbook)
        return read_source(path)


def test_the_whole_reading_is_the_one_openpyxl_s_strings_give(
    workbooks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in workbooks:
        ours, theirs = read_source(path), _read_with_openpyxl(path, monkeypatch)
        assert ours.document.snapshot.deliverables, path.name
        assert _without_ids(ours) == _without_ids(theirs), path.name


#: Inline strings (how openpyxl, and so NHP Planner's own export, writes text) of each kind:
#: plain, kept spaces, empty, runs of formatting, a phonetic guide, escapes, with a formula.
INLINE = (
    '<c r="A1" t="inlineStr"><is><t>GREEN</t></is></c>',
    '<c r="B1" s="1" t="inlineStr"><is><t xml:space="preserve">  spaces  </t></is></c>',
    '<c r="C1" t="inlineStr"><is><t/></is></c>',
    '<c r="D1" t="inlineStr"><is><r><rPr><b/></rPr><t>Bold</t></r><r><t> plain</t></r></is></c>',
    '<c r="E1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c>',
    '<c r="F1" t="inlineStr"><is><t>&lt;b&gt; &amp; _x000D_ x</t></is></c>',
    '<c r="G1" t="inlineStr"><f>"made"</f><is><t>made</t></is></c>',
    '<c r="H1" t="inlineStr"></c>',
    '<c r="I1" t="inlineStr"><is><t>Plain </t><r><rPr><i/></rPr><t>then a run</t></r></is></c>',
    '<c r="A3" t="inlineStr"><is><t>after a missing row</t></is></c>',
)


def test_inline_strings_of_each_kind_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "placeholder"
    book.active["A1"].number_format = "0.00"  # a second cell style, for s="1"
    book.save(tmp_path / "plain.xlsx")
    rows = {"1": [c for c in INLINE if '"A3"' not in c], "3": [INLINE[-1]]}
    data = "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in rows.items())
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as original:
        xml = re.sub(
            r"<sheetData>.*</sheetData>|<sheetData */>",
            f"<sheetData>{data}</sheetData>",
            original.read(sheet).decode(),
            flags=re.DOTALL,
        )
        path = tmp_path / "inline.xlsx"
        with zipfile.ZipFile(path, "w") as copy:
            for item in original.infolist():
                copy.writestr(item, xml if item.filename == sheet else original.read(item))
    for data_only in (True, False):
        options: dict[str, Any] = {"read_only": True, "data_only": data_only, "keep_links": False}
        with path.open("rb") as stream:
            workbook = load_tracker_workbook(stream, **options)
            workbook.active.reset_dimensions()
            ours = [[_cell(c) for c in row] for row in sheet_cells(workbook.active)]
        with path.open("rb") as stream:
            workbook = openpyxl.load_workbook(stream, **options)
            workbook.active.reset_dimensions()
            theirs = [[_cell(c) for c in row] for row in workbook.active.iter_rows()]
        assert ours == theirs
        assert ours[0][0][1] == "GREEN" and ours[1] == [] and len(ours[0]) == 9


def _cell(cell: Any) -> tuple[object, ...]:
    return (cell.coordinate, cell.value, cell.data_type, cell.style_array, cell.number_format)

"""A workbook opened as openpyxl opens it, its strings read without a rich-text object each.

Excel keeps every text of a workbook once, in ``xl/sharedStrings.xml``; openpyxl
builds a rich-text object for each one to take its text back out, over half of
the time of opening a 10,000-row tracker. Nearly every entry is one plain ``<t>``,
whose text is taken here straight from the element, parsed by the same safe
parser (defusedxml's, through openpyxl); any other entry (runs of formatting,
phonetic guides) goes through openpyxl's own object, so every string reads as
openpyxl reads it (``tests/io/test_shared_strings.py`` holds the two side by side).
Workbooks written by openpyxl (NHP Planner's own exports among them) keep each text
in its cell instead, as an inline string: :func:`sheet_cells` reads those the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from openpyxl.cell.text import Text
from openpyxl.reader.excel import KEEP_VBA, SHARED_STRINGS, ExcelReader
from openpyxl.reader.strings import read_string_table
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

_ITEM = f"{{{SHEET_MAIN_NS}}}si"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"


class _NestedItem(Exception):
    """An item inside an item: no valid workbook has one; openpyxl's reading is kept for it."""


def read_shared_strings(stream: IO[bytes]) -> list[str]:
    """Each shared string's text, as :func:`openpyxl.reader.strings.read_string_table` gives it."""
    strings: list[str] = []
    depth = 0
    for event, node in iterparse(stream, events=("start", "end")):
        if node.tag != _ITEM:
            continue
        if event == "start":
            depth += 1
            if depth > 1:
                raise _NestedItem
            continue
        depth -= 1
        if len(node) == 1 and node[0].tag == _TEXT:
            text = node[0].text or ""
        else:
            text = Text.from_tree(node).content
        strings.append(text.replace("x005F_", ""))  # as openpyxl does
        node.clear()
    return strings


class _TrackerReader(ExcelReader):  # type: ignore[misc]
    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        name = part.PartName[1:]
        try:
            with self.archive.open(name) as stream:
                self.shared_strings = read_shared_strings(stream)
        except _NestedItem:
            with self.archive.open(name) as stream:
                self.shared_strings = read_string_table(stream)


def load_tracker_workbook(
    stream: IO[bytes], *, read_only: bool, data_only: bool, keep_links: bool
) -> Any:
    """What ``openpyxl.load_workbook`` gives with these options, its strings read as above."""
    reader = _TrackerReader(
        stream,
        read_only=read_only,
        keep_vba=KEEP_VBA,
        data_only=data_only,
        keep_links=keep_links,
        rich_text=False,
    )
    reader.read()
    return reader.wb


class _SheetParser(WorkSheetParser):  # type: ignore[misc]
    def parse_cell(self, element: Any) -> dict[str, Any]:
        text = _plain_inline(element)
        if text is None:
            return super().parse_cell(element)  # type: ignore[no-any-return]
        # openpyxl's reading of the cell without its string, then the string's text.
        element.remove(element.find(INLINE_STRING))
        cell: dict[str, Any] = super().parse_cell(element)
        cell["value"], cell["data_type"] = text, "s"
        return cell


def _plain_inline(element: Any) -> str | None:
    """The text of an inline string that is one plain ``<t>`` (and no formula), else None."""
    if element.get("t") != "inlineStr" or element.find(FORMULA_TAG) is not None:
        return None
    string = element.find(INLINE_STRING)
    if string is None or len(string) != 1 or string[0].tag != _TEXT or len(string[0]):
        return None
    return string[0].text or ""


def sheet_cells(sheet: Any) -> Iterator[Any]:
    """What ``sheet.iter_rows()`` gives of a read-only sheet whose dimensions were reset.

    openpyxl's own loop (``ReadOnlyWorksheet._cells_by_row``, with no bounds), its
    plain inline strings read as above: a row missing from the sheet is an empty
    row, each other row its cells up to the last one written.
    """
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        counter = 1
        for number, cells in parser.parse():
            for _ in range(counter, number):
                counter += 1
                yield []
            if counter <= number:
                counter += 1
                yield sheet._get_row(cells, 1, None, False)

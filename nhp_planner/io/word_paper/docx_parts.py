"""What python-docx has no call for, done in the document's XML: header rows that repeat, rows
that do not break, cell shading, alternative text, the document's language, landscape sections."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.section import Section
from docx.shape import InlineShape
from docx.shared import Length, Mm
from docx.table import Table, _Row
from lxml import etree

# Characters XML cannot hold (and that mean nothing on paper): dropped from user text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """User text as Word can hold it: line breaks kept, control characters gone."""
    return _NOT_XML.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def repeat_header(row: _Row) -> None:
    """Mark a table's first row as its header: Word repeats it on every page, screen readers
    announce it."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    keep_whole(row)


def keep_whole(row: _Row) -> None:
    """A row that does not break across pages."""
    properties = row._tr.get_or_add_trPr()
    whole = OxmlElement("w:cantSplit")
    whole.set(qn("w:val"), "true")
    properties.append(whole)


def keep_with_next(paragraph: etree._Element) -> None:
    """Keep a paragraph (``w:p``) on the page of the one after it, as Word's "Keep with next"."""
    properties = paragraph.find(_W + "pPr")
    if properties is None:
        properties = etree.Element(_W + "pPr")
        paragraph.insert(0, properties)
    style = properties.find(_W + "pStyle")  # the schema puts keepNext right after the style
    properties.insert(0 if style is None else 1, etree.Element(_W + "keepNext"))


def keep_rows_together(table: etree._Element, leading: int | None = None) -> None:
    """A table's rows each kept with the row after it (their paragraphs "Keep with next"):
    all of them, so a short table is whole on one page, or its ``leading`` rows, so a long
    one starts with that many rows and one more under its heading, never one alone."""
    rows = table.findall(_W + "tr")
    kept = len(rows) - 1 if leading is None else min(leading, len(rows) - 1)
    for row in rows[:kept]:
        for paragraph in row.iter(_W + "p"):
            keep_with_next(paragraph)


def shade(cell: etree._Element, hex_fill: str) -> None:
    """Fill a cell (its ``w:tc``) with a colour ("D5EFCF"); its text still says what the colour
    means."""
    properties = cell.find(qn("w:tcPr"))
    if properties is None:
        properties = OxmlElement("w:tcPr")
        cell.insert(0, properties)
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), hex_fill)
    properties.append(fill)


def add_row(
    table: etree._Element, widths: Sequence[Length], fills: Mapping[int, str] | None = None
) -> list[etree._Element]:
    """A new last row of a table (its ``w:tbl``), kept whole on one page, its cells ``widths``
    wide and those in ``fills`` shaded: what ``table.add_row()``, :func:`keep_whole` and
    :func:`shade` write, in lxml (python-docx's calls cost some 0.5 ms a row). Returns the
    paragraph (``w:p``) of each cell, to write into."""
    row = etree.SubElement(table, qn("w:tr"))
    etree.SubElement(etree.SubElement(row, qn("w:trPr")), qn("w:cantSplit"), {qn("w:val"): "true"})
    paragraphs = []
    for index, width in enumerate(widths):
        cell = etree.SubElement(row, qn("w:tc"))
        properties = etree.SubElement(cell, qn("w:tcPr"))
        etree.SubElement(
            properties, qn("w:tcW"), {qn("w:type"): "dxa", qn("w:w"): str(width.twips)}
        )
        if fills and index in fills:
            shade(cell, fills[index])
        paragraphs.append(etree.SubElement(cell, qn("w:p")))
    return paragraphs


def describe_image(shape: InlineShape, title: str, description: str) -> None:
    """Alternative text for a picture: what a screen reader says in its place."""
    properties = shape._inline.docPr
    properties.set("title", title)
    properties.set("descr", description)


def set_language(document: DocxDocument, language: str) -> None:
    """The document's language, in its core properties and as the default of every run."""
    document.core_properties.language = language
    properties = _run_defaults(document)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


#: The attributes that name a theme font ("minorHAnsi"), which Word and LibreOffice read before
#: an explicit font in the same ``w:rFonts``.
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def set_font(document: DocxDocument, name: str) -> None:
    """``name`` for every script (Latin, East Asian, complex) of every run: the document's
    default font, and the font of each style that named a theme font (python-docx's template
    sets its headings in the theme's Calibri and its text in Cambria)."""
    themed = [qn(f"w:{attribute}") for attribute in _THEME_FONTS]
    defaults = _run_defaults(document).get_or_add_rFonts()
    # Walked, not asked by XPath: python-docx's XPath over the styles took some 65 ms.
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        if fonts is not defaults and not any(attribute in fonts.attrib for attribute in themed):
            continue
        for attribute in themed:
            fonts.attrib.pop(attribute, None)
        for slot in _FONT_SLOTS:
            fonts.set(qn(f"w:{slot}"), name)


def _run_defaults(document: DocxDocument) -> CT_RPr:
    """The ``w:rPr`` of the document's run defaults (``w:docDefaults/w:rPrDefault``), made if
    the document has none."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties: CT_RPr | None = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    return properties


def right_to_left(paragraph: etree._Element) -> None:
    """A paragraph (``w:p``) that runs right to left (Arabic, Hebrew): Word orders its words
    itself."""
    properties = paragraph.find(_W + "pPr")
    if properties is None:
        properties = etree.Element(_W + "pPr")
        paragraph.insert(0, properties)
    etree.SubElement(properties, _W + "bidi")


A4_SHORT, A4_LONG = Mm(210), Mm(297)


def a4_portrait(section: Section, *, margin: Length) -> None:
    """A4 portrait with even margins: UK committee papers are A4."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)


def landscape_section(document: DocxDocument, *, a4: bool = True) -> Section:
    """Start a new landscape section on a new page, with the same margins: A4, or (for a
    force's template) its own page turned on its side."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    width, height = section.page_width, section.page_height
    if a4 or width is None or height is None:
        section.page_width, section.page_height = A4_LONG, A4_SHORT
    elif width < height:
        section.page_width, section.page_height = height, width
    return section


def fix_widths(table: Table, widths: list[Length]) -> None:
    """Columns of fixed widths (Word and LibreOffice otherwise share the width out evenly).

    The widths go on the table's grid and its first row: enough for both, and
    cheap for a table of thousands of rows.
    """
    table.autofit = False
    properties = table._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:w"), str(sum(width.twips for width in widths)))
    total.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width


def mark_table(table: Table, description: str) -> None:
    """A table's caption for screen readers (Word's "Alt Text" for tables)."""
    properties = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), description[:250])
    properties.append(caption)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: What python-docx's run text writes as elements of their own: a tab, a line break.
_TAB_OR_BREAK = re.compile("([\t\n])")


def add_paragraph(
    document: DocxDocument, *, styled: bool = False, style_id: str | None = None
) -> etree._Element:
    """A new last paragraph of the body (``w:p``), as ``document.add_paragraph()`` writes it;
    ``styled``: with ``paragraph._p.style = style_id`` after it (a ``w:pPr``, holding the style
    unless it is None, the default). Built in lxml: python-docx's calls cost some 0.1 ms a
    paragraph, with its runs."""
    paragraph = etree.Element(_W + "p")
    if styled:
        properties = etree.SubElement(paragraph, _W + "pPr")
        if style_id is not None:
            etree.SubElement(properties, _W + "pStyle", {_W + "val": style_id})
    document.element.body._insert_p(paragraph)
    return paragraph


def add_run(
    paragraph: etree._Element, text: str, *, bold: bool = False, properties: bool = False
) -> None:
    """What ``paragraph.add_run(text)`` writes for ``text`` as :func:`clean` leaves it (no
    carriage returns): a tab a ``w:tab``, a line break a ``w:br``, the rest in ``w:t`` (its
    space kept where it leads or trails); ``bold``, or ``properties``, then
    ``run.bold = bold or None`` (which writes a ``w:rPr``, empty unless bold)."""
    run = etree.SubElement(paragraph, _W + "r")
    if bold or properties:
        run_properties = etree.SubElement(run, _W + "rPr")
        if bold:
            etree.SubElement(run_properties, _W + "b")
    for piece in _TAB_OR_BREAK.split(text) if text else ():
        if piece == "\t":
            etree.SubElement(run, _W + "tab")
        elif piece == "\n":
            etree.SubElement(run, _W + "br")
        elif piece:
            element = etree.SubElement(run, _W + "t")
            element.text = piece
            if len(piece.strip()) < len(piece):
                element.set(_SPACE, "preserve")


def add_page_break(document: DocxDocument) -> None:
    """What ``document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)`` writes."""
    run = etree.SubElement(add_paragraph(document), _W + "r")
    etree.SubElement(run, _W + "br", {_W + "type": "page"})


@dataclass(frozen=True, slots=True)
class Run:
    """Text in a cell, with how it looks; line breaks in ``text`` are kept."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str = ""
    #: A line break after the run (the text that follows starts a new line).
    then_break: bool = False


#: python-docx's table look (first row and column emphasised, no banding), as Word's own.
_TABLE_LOOK = {
    "firstColumn": "1",
    "firstRow": "1",
    "lastColumn": "0",
    "lastRow": "0",
    "noHBand": "0",
    "noVBand": "1",
    "val": "04A0",
}


def header_table(
    document: DocxDocument,
    headings: Sequence[str],
    widths: Sequence[Length],
    *,
    style_id: str | None,
    fill: str,
    description: str,
) -> etree._Element:
    """A table of one header row at the end of the document, written straight into its XML.

    The elements python-docx writes for ``add_table``, ``table.style``, a left
    ``alignment``, :func:`repeat_header`, the titles bold in shaded cells,
    :func:`mark_table` and :func:`fix_widths`, in its order (a test compares the
    two): its calls cost some 3 ms a table, and a paper has a dozen or more.
    """
    table = etree.Element(_W + "tbl")
    properties = etree.SubElement(table, _W + "tblPr")
    if style_id is not None:
        etree.SubElement(properties, _W + "tblStyle", {_W + "val": style_id})
    total = str(sum(width.twips for width in widths))
    etree.SubElement(properties, _W + "tblW", {_W + "type": "dxa", _W + "w": total})
    etree.SubElement(properties, _W + "jc", {_W + "val": "left"})
    etree.SubElement(properties, _W + "tblLayout", {_W + "type": "fixed"})
    etree.SubElement(properties, _W + "tblLook", {_W + k: v for k, v in _TABLE_LOOK.items()})
    etree.SubElement(properties, _W + "tblCaption", {_W + "val": description[:250]})
    etree.SubElement(properties, _W + "tblLayout", {_W + "type": "fixed"})
    grid = etree.SubElement(table, _W + "tblGrid")
    for width in widths:
        etree.SubElement(grid, _W + "gridCol", {_W + "w": str(width.twips)})
    row = etree.SubElement(table, _W + "tr")
    row_properties = etree.SubElement(row, _W + "trPr")
    etree.SubElement(row_properties, _W + "tblHeader", {_W + "val": "true"})
    etree.SubElement(row_properties, _W + "cantSplit", {_W + "val": "true"})
    for title, width in zip(headings, widths, strict=True):
        cell = etree.SubElement(row, _W + "tc")
        cell_properties = etree.SubElement(cell, _W + "tcPr")
        etree.SubElement(
            cell_properties, _W + "tcW", {_W + "type": "dxa", _W + "w": str(width.twips)}
        )
        etree.SubElement(
            cell_properties,
            _W + "shd",
            {_W + "val": "clear", _W + "color": "auto", _W + "fill": fill},
        )
        run = etree.SubElement(etree.SubElement(cell, _W + "p"), _W + "r")
        etree.SubElement(etree.SubElement(run, _W + "rPr"), _W + "b")
        text = etree.SubElement(run, _W + "t")
        text.text = title
        if title.strip() != title:
            text.set(_SPACE, "preserve")
    document.element.body._insert_tbl(table)
    return table


def append_row(
    table: etree._Element,
    cells: Sequence[Sequence[Run] | str],
    widths: Sequence[Length],
    fills: Mapping[int, str] | None = None,
) -> None:
    """A row kept whole on its page, written straight into the table's XML.

    python-docx's ``add_row`` and ``cell.text`` walk the table and the text a
    character at a time; a paper of 1,000 deliverables writes 1,500 rows, so
    they are built here directly (the same elements Word itself writes).
    """
    row = etree.SubElement(table, _W + "tr")
    etree.SubElement(etree.SubElement(row, _W + "trPr"), _W + "cantSplit").set(_W + "val", "true")
    for index, (content, width) in enumerate(zip(cells, widths, strict=True)):
        cell = etree.SubElement(row, _W + "tc")
        properties = etree.SubElement(cell, _W + "tcPr")
        etree.SubElement(properties, _W + "tcW", {_W + "w": str(width.twips), _W + "type": "dxa"})
        if fills and index in fills:
            etree.SubElement(
                properties,
                _W + "shd",
                {_W + "val": "clear", _W + "color": "auto", _W + "fill": fills[index]},
            )
        paragraph = etree.SubElement(cell, _W + "p")
        for run in [Run(content)] if isinstance(content, str) else content:
            _append_run(paragraph, run)


def _append_run(paragraph: etree._Element, run: Run) -> None:
    element = etree.SubElement(paragraph, _W + "r")
    if run.bold or run.italic or run.colour:
        properties = etree.SubElement(element, _W + "rPr")
        if run.bold:
            etree.SubElement(properties, _W + "b")
        if run.italic:
            etree.SubElement(properties, _W + "i")
        if run.colour:
            etree.SubElement(properties, _W + "color", {_W + "val": run.colour})
    for number, line in enumerate(clean(run.text).split("\n")):
        if number:
            etree.SubElement(element, _W + "br")
        text = etree.SubElement(element, _W + "t")
        text.text = line
        text.set(_SPACE, "preserve")
    if run.then_break:
        etree.SubElement(element, _W + "br")

"""The Word paper's look: delivery-table columns wide enough for their words, and one sans face."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from lxml import etree
from PIL import ImageFont

from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.paths import resource

#: Word's default cell margins, 0.19 cm left and right.
MARGINS_MM = 3.81
#: A4 landscape less the paper's 18 mm margins.
TEXT_WIDTH = Mm(297 - 2 * 18)


def measured_mm(text: str, size_pt: float, *, bold: bool) -> float:
    """``text`` on one line in DejaVu Sans (wider than Arial) at ``size_pt``, in mm."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = ImageFont.truetype(str(resource("fonts", name)), 200)
    return font.getlength(text) / 200 * size_pt * 25.4 / 72


def cell_size_pt(document: DocxDocument) -> float:
    """The size table text is set at, read from the paper's styles (Normal, else the default)."""
    normal = document.styles["Normal"].font.size
    if normal is not None:
        return float(normal.pt)
    (size,) = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    return int(size) / 2


def delivery_tables(document: DocxDocument) -> list[Table]:
    return [
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][:2] == ["Ref", "Deliverable"]
        and table.rows[0].cells[-1].text == "Date"
    ]


def test_narrow_columns_fit_their_widest_word_and_the_table_fills_the_page(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    deliverables = fixture_store.deliverables()
    edits = [
        {"lead": "Superintendent-Designate A. Okonkwo, Neighbourhood Policing"},
        {"lead": "DCI Rhiannon Featherstonehaugh", "date_text": "Complete Review 31/03/2024"},
        {"ref": "12.10", "date_text": "Ongoing Review 2025", "rag": Rag.NOT_RATED},
        {"date_text": "31/12/2023", "rag": Rag.RED},  # past the paper's date: OVERDUE
        {"date_text": "Completed annually", "lead": "Learning & Organisational Development"},
    ]
    for deliverable, fields in zip(deliverables, edits, strict=False):
        fixture_store.update_deliverable(deliverable.id, **fields)
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    size = cell_size_pt(document)
    assert size >= 10
    tables = delivery_tables(document)
    assert len(tables) >= 2  # the exceptions and the appendix's objectives
    seen: set[str] = set()
    for table in tables:
        titles = [cell.text for cell in table.rows[0].cells]
        assert "Lead" in titles
        widths = [column.width for column in table.columns]
        assert abs(sum(widths) - TEXT_WIDTH) <= Mm(0.1)
        # What Word reads for each cell agrees with the grid.
        for cell, width in zip(table.rows[-1]._tr.tc_lst, widths, strict=True):
            assert abs(int(cell.tcPr.tcW.get(qn("w:w"))) * 635 - width) < 635
        for index, title in enumerate(titles):
            if title not in ("Ref", "Lead", "Progress", "Date"):
                continue
            width_mm = widths[index] / Mm(1)
            for number, row in enumerate(table.rows):
                text = row.cells[index].text
                seen.add(text)
                for line in text.split("\n"):
                    bold = number == 0 or line == "OVERDUE"  # the heading, the date's flag
                    for word in line.split():
                        need = measured_mm(word, size, bold=bold) + MARGINS_MM
                        assert width_mm >= need, (title, text, width_mm)
                    if title in ("Ref", "Progress"):  # short whole values stay on one line
                        assert width_mm >= measured_mm(line, size, bold=bold) + MARGINS_MM
        # The text columns keep room to be read.
        assert widths[titles.index("Deliverable")] >= Mm(40)
        assert widths[3] >= Mm(60)  # the summary position
    assert {"12.10", "31/12/2023\nOVERDUE", "Ongoing Review 2025"} <= seen
    for word in ("Superintendent-Designate", "Featherstonehaugh", "Not rated"):
        assert any(word in text for text in seen), word


def test_no_tables_heading_breaks_a_word(tmp_path: Path, fixture_store: PlanStore) -> None:
    """The RAG summary's 24 mm "Deliverables" printed as "Deliverabl" over "es"."""
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    size = cell_size_pt(document)
    checked = 0
    for table in document.tables:
        widths = [column.width for column in table.columns]
        header = table.rows[0]._tr
        if header.trPr is None or header.trPr.find(qn("w:tblHeader")) is None:
            continue  # the cover's label and value table has no heading row
        checked += 1
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            for word in cell.text.split():
                assert width / Mm(1) >= measured_mm(word, size, bold=True) + MARGINS_MM, word
        if [cell.text for cell in table.rows[0].cells][:2] == ["Objective", "Deliverables"]:
            assert abs(sum(widths) - TEXT_WIDTH) <= Mm(0.1)
    assert checked >= 4


def test_a_word_longer_than_any_column_is_capped_and_leaves_the_text_columns_room(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    for number, deliverable in enumerate(fixture_store.deliverables()[:3]):
        fixture_store.update_deliverable(
            deliverable.id,
            lead="Polizeihauptkommissariatsleitungsstellvertreterin",
            date_text="Complete-Review-31/03/2024-and-annually-thereafter",
            ref=f"{deliverable.objective}.10{number}",
            rag=Rag.NOT_RATED,
        )
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    for table in delivery_tables(docx.Document(str(result.path))):
        widths = [column.width for column in table.columns]
        assert abs(sum(widths) - TEXT_WIDTH) <= Mm(0.1)
        assert widths[1] >= Mm(40)  # Deliverable
        assert widths[3] >= Mm(60)  # the summary position


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
_THEMES = {
    "ascii": "asciiTheme",
    "hAnsi": "hAnsiTheme",
    "cs": "cstheme",
    "eastAsia": "eastAsiaTheme",
}


def effective_fonts(run: etree._Element, styles: etree._Element) -> dict[str, str]:
    """Each script's font of a run (``w:r``), as Word resolves it: the run's own properties, its
    character style, its paragraph's style, its table's style (each with what it is based on),
    then the document's defaults. A theme font reads as "theme:minorHAnsi"."""
    by_id = {s.get(_W + "styleId"): s for s in styles.iter(_W + "style")}

    def chain(style_id: str | None) -> list[etree._Element]:
        found = []
        while style_id is not None and style_id in by_id:
            style = by_id[style_id]
            found.append(style.find(_W + "rPr"))
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        return found

    def style_of(element: etree._Element | None, path: str) -> str | None:
        found = element.find(path) if element is not None else None
        return found.get(_W + "val") if found is not None else None

    paragraph = run.getparent()
    while paragraph is not None and paragraph.tag != _W + "p":
        paragraph = paragraph.getparent()
    table = paragraph
    while table is not None and table.tag != _W + "tbl":
        table = table.getparent()
    (normal,) = styles.xpath('w:style[@w:type="paragraph"][@w:default="1"]/@w:styleId')
    paragraph_style = style_of(paragraph, f"{_W}pPr/{_W}pStyle") or normal
    properties = [
        run.find(_W + "rPr"),
        *chain(style_of(run, f"{_W}rPr/{_W}rStyle")),
        *chain(paragraph_style),
        *chain(style_of(table, f"{_W}tblPr/{_W}tblStyle")),
        styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"),
    ]
    fonts: dict[str, str] = {}
    for slot in _SLOTS:
        for rpr in properties:
            element = rpr.find(_W + "rFonts") if rpr is not None else None
            if element is None:
                continue
            if element.get(_W + _THEMES[slot]) is not None:
                fonts[slot] = "theme:" + element.get(_W + _THEMES[slot])
                break
            if element.get(_W + slot) is not None:
                fonts[slot] = element.get(_W + slot)
                break
        else:
            fonts[slot] = "unset"
    return fonts


def test_every_run_of_the_paper_is_set_in_arial_never_a_theme_font(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    styles = document.styles.element
    parts = [document.element, *(s.footer._element for s in document.sections)]
    runs = [run for part in parts for run in part.iter(_W + "r")]
    assert len(runs) > 200
    styles_used = set()
    for run in runs:
        assert effective_fonts(run, styles) == dict.fromkeys(_SLOTS, "Arial"), etree.tostring(run)
    for part in parts:
        styles_used |= {e.get(_W + "val") for e in part.iter(_W + "pStyle", _W + "tblStyle")}
    assert {"Title", "Heading1", "Heading2", "TableGrid", "Footer"} <= styles_used
    # No style the paper uses names a theme font, nor do the document's defaults.
    xml = etree.tostring(styles).decode()
    for theme in _THEMES.values():
        assert f"w:{theme}=" not in xml, theme


def test_the_sign_off_and_the_rag_key_are_never_split_over_a_page(tmp_path: Path) -> None:
    # On the sample paper the sign-off's name ended page 1 and its title and e-mail sat
    # alone on page 2; the RAG key's first row ended a page, its other three began the next.
    from nhp_planner.sample import sample_store

    with sample_store() as store:
        snapshot, previous = store.snapshot_and_previous()
    cover = snapshot.plan.cover
    sign_off = [cover.signoff_name, cover.signoff_title, f"E: {cover.signoff_email}"]
    assert all(line.strip() for line in sign_off)  # the sample's cover has all three
    result = build_word_paper(snapshot, tmp_path / "paper.docx", previous=previous)
    document = docx.Document(str(result.path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    first = texts.index(sign_off[0])
    block = document.paragraphs[first : first + len(sign_off)]
    assert [paragraph.text for paragraph in block] == sign_off
    assert [p.paragraph_format.keep_with_next for p in block] == [True] * (len(sign_off) - 1) + [
        None
    ]
    keys = [
        t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Rating", "Meaning"]
    ]
    assert keys  # on the RAG summary's page and the appendix's
    for key in keys:
        rows = [
            [p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs]
            for r in key.rows
        ]
        assert len(rows) == 5
        assert all(kept == [True, True] for kept in rows[:-1]), rows
        assert rows[-1] == [None, None]


def test_a_delivery_table_starts_with_two_rows_under_its_heading(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    # The sample paper's appendix ended a page with "Objective 1", its header row and one
    # deliverable, the other nine on the next page.
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    tables = delivery_tables(document)
    assert len(tables) >= 5
    for table in tables:
        kept = [
            {p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs}
            for row in table.rows
        ]
        leading = min(2, len(kept) - 1)  # the header row and the first deliverable
        assert kept[:leading] == [{True}] * leading
        assert all(row == {None} for row in kept[leading:]), kept  # the rest may break

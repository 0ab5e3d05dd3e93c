"""Issue 19: the committee paper in Word, opened with python-docx and checked for its structure."""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm

from nhp_planner.io.word_paper import build_word_paper
from nhp_planner.model.entities import CoverReport, PlanSnapshot
from nhp_planner.model.errors import ExportError
from nhp_planner.model.rag import ALL_RAGS
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_store
from tests.full_disk import fill_disk_after
from tests.io.test_paper_pack import REAL_COVER


@pytest.fixture
def sample() -> tuple[PlanSnapshot, PlanSnapshot | None]:
    with sample_store() as store:
        return store.snapshot_and_previous()


def all_text(document: DocxDocument) -> str:
    """Every paragraph's and every table cell's text, in order, one string."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


def headings(document: DocxDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]


def test_the_sample_paper_has_real_structure(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot | None]
) -> None:
    snapshot, previous = sample
    result = build_word_paper(snapshot, tmp_path / "paper.docx", previous=previous)
    document = docx.Document(str(result.path))
    found = headings(document)
    assert ("Title", "Neighbourhood Policing Strategy Delivery Plan") in found
    for level, text in [
        ("Heading 1", "Summary"),
        ("Heading 1", "Recommendation(s)"),
        ("Heading 1", "Main Report"),
        ("Heading 2", "Background"),
        ("Heading 1", "Appendices"),
        ("Heading 1", "RAG summary: November 2026"),
        ("Heading 2", "Movement since October 2026"),
        ("Heading 1", "Exceptions: RED, AMBER and overdue deliverables"),
        ("Heading 1", "Appendix 1 – Neighbourhood Policing Strategy Delivery Plan"),
        ("Heading 2", "Summary position"),
        ("Heading 2", "Objective 1: Prevent crime, disorder and anti-social behaviour"),
    ]:
        assert (level, text) in found, text
    text = all_text(document)
    cover = snapshot.plan.cover
    for name in ("committees", "dated", "subject", "report_of", "report_reference"):
        assert getattr(cover, name) in text, name
    assert "Position as at 26 November 2026" in text
    assert "E: helen.okafor@harrowdale.police.example" in text
    # Every table's header row repeats on each page, and no row breaks across pages.
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # Every deliverable's ref and RAG word is in Appendix 1's tables.
    appendix_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Ref"]
    rows = {row.cells[0].text: row.cells[-2].text for t in appendix_tables for row in t.rows[1:]}
    for deliverable in snapshot.deliverables:
        assert deliverable.ref in rows, deliverable.ref
        assert rows[deliverable.ref].startswith(deliverable.rag.label), deliverable.ref
    # The RAG cells are shaded as well as worded.
    shaded = [
        cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        for t in appendix_tables
        for row in t.rows[1:]
        for cell in [row.cells[-2]]
    ]
    assert set(shaded) >= {"D5EFCF", "F8C44F", "EC8C8C"}
    # The not-updated text is marked in words.
    assert "Not updated since October 2026:" in text


def test_the_chart_has_alternative_text_stating_its_figures(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot | None]
) -> None:
    snapshot, previous = sample
    result = build_word_paper(snapshot, tmp_path / "paper.docx", previous=previous)
    document = docx.Document(str(result.path))
    assert len(document.inline_shapes) == 1
    description = document.inline_shapes[0]._inline.docPr.get("descr")
    assert description.startswith("Stacked bar chart of RAG ratings by objective")
    assert "All objectives: 40 deliverables, 21 GREEN (53%), 12 AMBER (30%)" in description
    for rag in ALL_RAGS:
        assert rag.label in description
    # The counts are a table too.
    counts = next(t for t in document.tables if t.rows[0].cells[0].text == "Objective")
    assert counts.rows[-1].cells[0].text == "All objectives"
    assert counts.rows[-1].cells[2].text == "21 (53%)"


def test_core_properties_language_and_sections(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot | None]
) -> None:
    snapshot, previous = sample
    result = build_word_paper(snapshot, tmp_path / "paper.docx", previous=previous)
    document = docx.Document(str(result.path))
    properties = document.core_properties
    assert properties.title == "Neighbourhood Policing Strategy Delivery Plan"
    assert properties.author == "Helen Okafor, Head of Strategy & Planning"
    assert properties.language == "en-GB"
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    portrait, landscape = document.sections
    assert portrait.page_width < portrait.page_height
    assert landscape.page_width > landscape.page_height
    assert abs(portrait.page_width - Mm(210)) < Mm(1)


def test_user_text_is_text_no_fields_formulas_or_text_boxes(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    first = fixture_store.deliverables()[0]
    fixture_store.update_deliverable(
        first.id, summary_position='=SUM(A1:A9) <w:fldSimple w:instr="PAGE"/> & {MERGEFIELD x}'
    )
    fixture_store.update_plan(cover=dataclasses.replace(REAL_COVER, summary="bell\x07 ok"))
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    text = all_text(document)
    assert '=SUM(A1:A9) <w:fldSimple w:instr="PAGE"/> & {MERGEFIELD x}' in text
    assert "bell ok" in text  # the bell character dropped, the words kept
    body = document.element.xml
    for forbidden in ("w:fldSimple ", "w:instrText", "w:fldChar", "w:txbxContent", "wp:anchor"):
        assert f"<{forbidden}" not in body, forbidden
    assert "w:hyperlink" not in body


def test_the_real_fixture_plan_paper_prints_every_cover_field(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    fixture_store.update_plan(cover=REAL_COVER)
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    text = all_text(document)
    for name in CoverReport.field_names():
        for line in getattr(REAL_COVER, name).splitlines():
            if name != "review" and line.strip():
                assert " ".join(line.split()) in text, name
    assert result.warnings == ()
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == REAL_COVER.recommendations.splitlines()
    objectives = [text for level, text in headings(document) if level == "Heading 2"]
    assert any(text.startswith("Objective 4: ") for text in objectives)


def test_a_force_template_gives_the_paper_its_house_style(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    template = docx.Document()
    template.styles["Normal"].font.name = "Arial"
    template.styles["Heading 1"].font.size = docx.shared.Pt(20)
    section = template.sections[0]
    section.left_margin = section.right_margin = Mm(30)
    section.header.paragraphs[0].text = "OFFICIAL – Harrowdale Police and Crime Panel"
    template.add_paragraph("This template's own text is not part of the paper.")
    path = tmp_path / "house.docx"
    template.save(str(path))
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx", template=path)
    document = docx.Document(str(result.path))
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert all(abs(s.left_margin - Mm(30)) < Mm(1) for s in document.sections)
    assert document.sections[0].header.paragraphs[0].text.startswith("OFFICIAL")
    assert "This template's own text" not in all_text(document)


def test_a_template_that_is_not_a_word_document_is_one_sentence(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a document")
    with pytest.raises(ExportError, match="cannot be read"):
        build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx", template=bad)
    assert not (tmp_path / "paper.docx").exists()


def test_a_paper_the_disk_cannot_hold_is_one_sentence_and_nothing_more(
    tmp_path: Path,
    fixture_store: PlanStore,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    fill_disk_after(monkeypatch, 4096)
    out = tmp_path / "paper.docx"
    with pytest.raises(ExportError, match=r"paper\.docx: no space left on device\.$"):
        build_word_paper(fixture_store.snapshot(), out)
    gc.collect()  # python-docx's zip, left open by the failed write, complained as it went
    assert capfd.readouterr().err == ""
    assert list(tmp_path.iterdir()) == []


def test_the_word_paper_and_the_pdf_pack_say_the_same_things(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    """One content model, two renderers: the sentences and marks of one are in the other."""
    from nhp_planner.io.board_pack import build_board_pack
    from nhp_planner.io.paper import build_paper
    from nhp_planner.model.periods import ReportingPeriod
    from tests.io.test_paper_pack import texts_of

    fixture_store.update_plan(cover=REAL_COVER)
    fixture_store.start_period(ReportingPeriod(2024, 2))
    snapshot, previous = fixture_store.snapshot_and_previous()
    last = fixture_store.last_updated(ReportingPeriod(2024, 2))
    paper = build_paper(snapshot, previous=previous, last_updated=last)
    pdf = build_board_pack(snapshot, tmp_path / "pack.pdf", previous=previous, last_updated=last)
    word = build_word_paper(snapshot, tmp_path / "paper.docx", previous=previous, last_updated=last)
    pdf_text = " ".join(texts_of(pdf.path))
    word_text = all_text(docx.Document(str(word.path)))
    for sentence in (
        paper.cover.position,
        *paper.cover.summary,
        paper.overall_sentence,
        paper.exceptions_intro,
        paper.appendix_title,
        *(group.heading for group in paper.appendix),
    ):
        text = " ".join(sentence.split())
        assert text in pdf_text, text
        assert text in word_text, text
    marks = "Not updated since January 2024"
    assert pdf_text.count(marks) == word_text.count(marks) == 55 + 17  # appendix and exceptions
    assert pdf.warnings[: len(word.warnings)] == word.warnings


def test_every_page_carries_the_papers_marking(tmp_path: Path, fixture_store: PlanStore) -> None:
    fixture_store.update_plan(cover=dataclasses.replace(REAL_COVER, public="Non-public"))
    result = build_word_paper(fixture_store.snapshot(), tmp_path / "paper.docx")
    document = docx.Document(str(result.path))
    for section in document.sections:
        assert section.footer.paragraphs[0].text.startswith("Non-public – ")


@pytest.mark.parametrize("house_style", [False, True])
def test_headings_and_styled_text_are_the_xml_python_docx_writes(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot | None], house_style: bool
) -> None:
    """The paper styles paragraphs and tables by the style's id, looked up once (issue 22):
    the same elements as python-docx's add_heading, add_paragraph(style=) and table.style."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from lxml import etree

    from nhp_planner.io.paper.content import build_paper
    from nhp_planner.io.word_paper.paper import _Writer

    template = docx.Document()
    if house_style:  # a force's own template, where "Title" is the default paragraph style
        template.styles["Title"].element.set(qn("w:default"), "1")
        template.styles["Normal"].element.attrib.pop(qn("w:default"))
    template.save(str(tmp_path / "template.docx"))
    ours, theirs = (docx.Document(str(tmp_path / "template.docx")) for _ in range(2))
    paper = build_paper(sample[0])
    writer = _Writer(ours, paper, house_style=house_style)
    for level, text in [(0, "Plan & <b>title</b>"), (1, "Summary"), (2, "Background"), (1, "")]:
        writer.heading(text, level)
        theirs.add_heading(text, level)
    writer.text("First\n\nSecond", style="List Number")
    writer.text("Plain", bold=True)
    for block in ("First", "Second"):
        theirs.add_paragraph(style="List Number").add_run(block).bold = None
    theirs.add_paragraph().add_run("Plain").bold = True
    # Tabs and line breaks are elements of their own; space that leads or trails is kept.
    tricky = " Lead\tand\t\tline\r\nbreak "
    writer.heading(tricky, 2)
    theirs.add_heading(tricky.replace("\r\n", "\n"), 2)
    writer.text("")
    theirs.add_paragraph().add_run("").bold = None
    writer.labelled("Financial implications", f"{tricky}\n\nNone.")
    first = theirs.add_paragraph()
    first.add_run("Financial implications: ").bold = True
    first.add_run(tricky.replace("\r\n", "\n"))
    theirs.add_paragraph().add_run("None.")
    writer._page_break()
    theirs.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    writer.heading("خطة الشرطة", 1)  # right to left: Word orders the words itself
    writer.text("خطة الشرطة")
    for paragraph in (theirs.add_heading("خطة الشرطة", 1), theirs.add_paragraph()):
        if not paragraph.runs:
            paragraph.add_run("خطة الشرطة").bold = None
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    writer.table(["A", "B"], "A table", [20, 30])  # it also aligns, captions and sizes it
    table = theirs.add_table(rows=1, cols=2)
    table.style = "Table Grid"

    def body(document: DocxDocument) -> list[bytes]:
        elements = [*document.element.body.iterchildren(qn("w:p"))]
        elements += [t.tblPr[0] for t in document.element.body.iterchildren(qn("w:tbl"))]
        return [etree.tostring(element) for element in elements]

    assert body(ours) == body(theirs)
    assert b"Title" in body(ours)[0] or house_style
    from docx.enum.style import WD_STYLE_TYPE

    with pytest.raises(ValueError, match="assigned style is type TABLE"):
        theirs.add_paragraph(style="Table Grid")
    with pytest.raises(ValueError, match="assigned style is type TABLE"):
        writer.style_id("Table Grid", WD_STYLE_TYPE.PARAGRAPH)


def test_the_default_style_of_each_kind_is_the_one_python_docx_finds() -> None:
    """One XPath finds what ``styles.default`` finds by reading every style (issue 22): the
    last style marked default of the kind, whichever way the mark is written."""
    from docx.enum.style import WD_STYLE_TYPE

    from nhp_planner.io.word_paper.paper import _default_style

    document = docx.Document()
    styles = document.styles
    styles["Title"].element.set(qn("w:default"), "true")  # a second paragraph default, later
    styles["Table Grid"].element.set(qn("w:default"), "off")  # marked, but not a default
    for kind in WD_STYLE_TYPE:
        default = styles.default(kind)
        assert _default_style(styles.element, kind) is (default.element if default else None)
    assert _default_style(styles.element, WD_STYLE_TYPE.PARAGRAPH) is styles["Title"].element


@pytest.mark.parametrize("public", ["Public", "Non-public"])
def test_the_cover_table_is_the_xml_python_docx_writes(
    fixture_store: PlanStore, public: str
) -> None:
    """The cover's rows are written in lxml (issue 22): the elements of python-docx's
    add_row, cell.paragraphs[0].add_run, run.bold, run.add_break and the shading."""
    from lxml import etree

    from nhp_planner.io.paper.content import build_paper
    from nhp_planner.io.word_paper.docx_parts import (
        fix_widths,
        keep_whole,
        mark_table,
        repeat_header,
        shade,
    )
    from nhp_planner.io.word_paper.paper import _Writer

    # A value over two lines, a blank right-hand value, a label alone, funding answers only.
    cover = dataclasses.replace(
        REAL_COVER, public=public, report_of=" Commissioner\tof Police ", dated=""
    )
    fixture_store.update_plan(cover=cover)
    paper = build_paper(fixture_store.snapshot())
    ours, theirs = docx.Document(), docx.Document()
    _Writer(ours, paper, house_style=False)._cover()

    def labelled(cell: object, label: str, value: str, stacked: bool = False) -> None:
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        if label:
            run = paragraph.add_run(label + (" " if value and not stacked else ""))
            run.bold = True
            if stacked and value:
                run.add_break()
        if value:
            paragraph.add_run(value)

    table = theirs.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    repeat_header(table.rows[0])
    mark_table(
        table, "The cover report's details: committee, date, subject, funding, report of and author"
    )
    fix_widths(table, [Mm(174 * 0.64), Mm(174 * 0.36)])
    header = paper.cover.header
    for cell, (label, value) in zip(
        table.rows[0].cells,
        [
            (header[0].left_label, header[0].left_value),
            (header[0].right_label, header[0].right_value),
        ],
        strict=True,
    ):
        labelled(cell, label, value, stacked=True)
    for row in header[1:]:
        added = table.add_row()
        keep_whole(added)
        left, right = added.cells
        labelled(left, row.left_label, row.left_value)
        labelled(right, row.right_label, row.right_value)
        if not row.left_value and row.right_value:
            shade(left._tc, "D9D9D9")
    assert any(not r.left_value and r.right_value for r in header)
    assert etree.tostring(ours.tables[0]._tbl) == etree.tostring(theirs.tables[0]._tbl)


def test_the_chart_is_saved_by_the_png_writer_alone(tmp_path: Path) -> None:
    """Pillow told the format by name imports five image writers; the paper needs one."""
    code = (
        "import sys\n"
        "from nhp_planner.io.word_paper import build_word_paper\n"
        "from nhp_planner.sample import sample_store\n"
        "with sample_store() as store:\n"
        "    build_word_paper(store.snapshot(), sys.argv[1])\n"
        "print(sorted(m for m in sys.modules if m.startswith('PIL') and 'Plugin' in m))\n"
    )
    out = tmp_path / "paper.docx"
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['PIL.PngImagePlugin']"
    pictures = [p for p in docx.Document(str(out)).part.package.parts if "media" in p.partname]
    assert pictures and pictures[0].blob.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("style", ["Table Grid", None])
def test_a_tables_header_row_is_the_xml_python_docx_writes(style: str | None) -> None:
    """header_table writes in one pass what these python-docx calls write (issue 22)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from lxml import etree

    from nhp_planner.io.word_paper.docx_parts import (
        fix_widths,
        header_table,
        mark_table,
        repeat_header,
        shade,
    )

    headings = ["Ref", "Deliverable & <why>", " Lead ", "↑ Improved", "Progress"]
    widths = [Mm(14), Mm(60.5), Mm(30), Mm(24), Mm(1 / 3)]
    description = "A caption " * 30
    theirs = docx.Document()
    table = theirs.add_table(rows=1, cols=len(headings))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    repeat_header(table.rows[0])
    for cell, title in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
        shade(cell._tc, "D9D9D9")
    mark_table(table, description)
    fix_widths(table, widths)
    theirs.add_paragraph("after")

    ours = docx.Document()
    style_id = ours.styles[style].style_id if style else None
    header_table(ours, headings, widths, style_id=style_id, fill="D9D9D9", description=description)
    ours.add_paragraph("after")
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)


def test_a_template_without_the_table_grid_style_gets_tables_without_a_style(
    tmp_path: Path, sample: tuple[PlanSnapshot, PlanSnapshot | None]
) -> None:
    template = docx.Document()
    grid = template.styles["Table Grid"].element
    grid.getparent().remove(grid)
    template.save(str(tmp_path / "template.docx"))
    plain = build_word_paper(
        sample[0], tmp_path / "plain.docx", template=tmp_path / "template.docx"
    )
    assert plain.path.exists()
    styled = build_word_paper(sample[0], tmp_path / "styled.docx")
    assert docx.Document(str(styled.path)).tables[0].style.name == "Table Grid"
    for table in docx.Document(str(plain.path)).tables:
        assert table._tbl.tblStyle_val is None

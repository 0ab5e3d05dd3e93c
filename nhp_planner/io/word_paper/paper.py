"""The committee paper as a Word document (python-docx): what clerks edit and councils publish.

The same content as the PDF pack (:mod:`nhp_planner.io.paper`), laid out with
Word's own structure so its accessibility checker is content: built-in
headings for sections and objectives, tables whose header row repeats and
whose rows do not break, every RAG a word with its colour as shading, the chart
a picture with its figures as alternative text (and as a table), the title,
author and language set. User text is text: no fields, no formulas, no macros.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from bidi import get_base_level
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.styles import CT_Style, CT_Styles
from docx.shared import Length, Mm
from docx.table import Table
from lxml import etree

from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.paper.content import MOVES, DeliverableRow, Paper, RowGroup, build_paper
from nhp_planner.io.paper.cover import blocks
from nhp_planner.io.paper.registers import (
    FINDING_COLUMNS,
    FINDINGS_TITLE,
    REFERENCE_COLUMNS,
    REFERENCES_TITLE,
    RegisterSections,
)
from nhp_planner.io.word_paper.chart import FILLS, chart_description, chart_png
from nhp_planner.io.word_paper.columns import column_widths, headings_fit
from nhp_planner.io.word_paper.docx_parts import (
    Run,
    a4_portrait,
    add_page_break,
    add_paragraph,
    add_row,
    add_run,
    append_row,
    clean,
    describe_image,
    fix_widths,
    header_table,
    keep_rows_together,
    keep_with_next,
    landscape_section,
    mark_table,
    repeat_header,
    right_to_left,
    set_font,
    set_language,
)
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import ALL_RAGS

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.io.measures_paper import MeasureContent
    from nhp_planner.model.measures import Measure

log = logging.getLogger(__name__)

_RAG_FILL = {rag: FILLS[rag.label].lstrip("#") for rag in ALL_RAGS}
_MARGIN = Mm(18)
#: The width text may fill on each kind of page.
_PORTRAIT, _LANDSCAPE = 210 - 36, 297 - 36
#: The paper's face without a force's template (Liberation Sans, its metric twin, where Arial is
#: not installed).
_FONT = "Arial"
_HEADER_FILL = "D9D9D9"
_STALE_GREY = "5A5A5A"


@dataclass(frozen=True, slots=True)
class WordPaperResult:
    """Where the paper was written, the day its figures are as at, and what it left blank."""

    path: Path
    as_at: dt.date
    warnings: tuple[str, ...] = ()


def build_word_paper(
    snapshot: PlanSnapshot,
    out: Path,
    *,
    previous: PlanSnapshot | None = None,
    as_at: dt.date | None = None,
    last_updated: Mapping[str, ReportingPeriod] | None = None,
    template: Path | None = None,
    registers: RegisterSections | None = None,
    measures: Sequence[Measure] = (),
) -> WordPaperResult:
    """Write the committee paper for ``snapshot`` to ``out`` (.docx), whole or not at all.

    Args:
        template: a force's own Word document or template (.docx) whose styles,
            margins, header and footer the paper takes; its text is left out.
        measures: the plan's performance measures: a section of their SPC charts.

    Raises:
        ExportError: the template cannot be read, or the file cannot be written.
    """
    out = Path(out)
    paper = build_paper(
        snapshot,
        previous=previous,
        as_at_day=as_at,
        last_updated=last_updated,
        registers=registers,
        measures=measures,
    )
    document = _start(template)
    _Writer(document, paper, house_style=template is not None).write()
    # Zipped in memory, then written: python-docx leaves its zip open when a write fails
    # (a full disk), and the zip's clean-up then complains on stderr after the one sentence.
    zipped = io.BytesIO()
    document.save(zipped)
    with replacing(out, "the committee paper") as stream:
        stream.write(zipped.getvalue())
    log.info("Wrote the committee paper %s", out)
    return WordPaperResult(out, paper.as_at.day, paper.warnings)


def _start(template: Path | None) -> DocxDocument:
    if template is None:
        return docx.Document()
    from nhp_planner.io.word_paper.template import open_template

    document = open_template(template)
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    return document


class _Writer:
    """Lays one paper out into one document, top to bottom."""

    def __init__(self, document: DocxDocument, paper: Paper, *, house_style: bool) -> None:
        self.document = document
        self.paper = paper
        #: A force's template decides the page size and margins; else A4, as UK papers are.
        self._house_style = house_style
        # Asked of the styles' XML by name, in one XPath each: a set of every style's name built
        # a style object for each (~6 ms for python-docx's 164), ``name in styles`` reads each
        # style's name in Python (~0.5 ms).
        styles = document.styles.element
        self._cell_pt = _cell_size(document)
        self._widths = column_widths(
            paper.columns, _narrow_texts(paper), size_pt=self._cell_pt, total_mm=_LANDSCAPE
        )
        self._table_style = "Table Grid" if styles.get_by_name("Table Grid") is not None else None
        self._numbered = "List Number" if styles.get_by_name("List Number") is not None else None
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self._default_styles: dict[WD_STYLE_TYPE, CT_Style | None] = {}

    def write(self) -> None:
        paper = self.paper
        info = paper.info
        properties = self.document.core_properties
        properties.title = info.title
        properties.author = info.author
        properties.subject = info.subject
        properties.keywords = info.keywords
        properties.comments = f"{paper.plan_title}: {paper.period_label}"
        set_language(self.document, info.language)
        if not self._house_style:
            # The force's papers and the pack are in a sans face; python-docx's template is not.
            set_font(self.document, _FONT)
            section = self.document.sections[0]
            a4_portrait(section, margin=_MARGIN)
            # The marking every page carries, as on the PDF; a force's template has its own.
            footer = section.footer.paragraphs[0]
            footer.text = clean(f"{paper.cover.cover.public} – {paper.plan_title}")
        self._cover()
        landscape_section(self.document, a4=not self._house_style)
        self._rag_summary()
        self._page_break()
        self._exceptions()
        if paper.measures:
            self._page_break()
            self._measures()
        if paper.conflicts:
            self._page_break()
            self._conflicts()
        self._registers()
        self._page_break()
        self._appendix()

    # ------------------------------------------------------------ building blocks

    def style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """The id of the style ``name``, None for the default style of its kind, as python-docx
        decides it for ``paragraph.style = name``; but looked up once a paper, and the default
        found once a kind (python-docx reads every style in the document each time)."""
        if (name, kind) not in self._style_ids:
            styles = self.document.styles
            if kind not in self._default_styles:
                self._default_styles[kind] = _default_style(styles.element, kind)
            style = styles[name]
            if style.type != kind:
                raise ValueError(f"assigned style is type {style.type}, need type {kind}")
            default = self._default_styles[kind]
            self._style_ids[name, kind] = None if style.element is default else style.style_id
        return self._style_ids[name, kind]

    def heading(self, text: str, level: int) -> None:
        """What ``add_heading`` writes: a paragraph in Title (level 0) or Heading ``level``."""
        name = "Title" if level == 0 else f"Heading {level}"
        style_id = self.style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph = add_paragraph(self.document, styled=True, style_id=style_id)
        if text:
            add_run(paragraph, clean(text))
        if _is_rtl(text):
            right_to_left(paragraph)

    def text(
        self, text: str, *, bold: bool = False, style: str | None = None, keep: bool = False
    ) -> None:
        """``text``'s paragraphs; ``keep``: each on the page of the paragraph after it."""
        for block in blocks(text) or ("",):
            style_id = self.style_id(style, WD_STYLE_TYPE.PARAGRAPH) if style is not None else None
            paragraph = add_paragraph(self.document, styled=style is not None, style_id=style_id)
            add_run(paragraph, clean(block), bold=bold, properties=True)
            if _is_rtl(block):
                right_to_left(paragraph)
            if keep:
                keep_with_next(paragraph)

    def labelled(self, label: str, text: str) -> None:
        """ "Financial implications: ..." with the label bold, as the papers set them."""
        for number, block in enumerate(blocks(text)):
            paragraph = add_paragraph(self.document)
            if number == 0:
                add_run(paragraph, f"{label}: ", bold=True)
            add_run(paragraph, clean(block))

    def _page_break(self) -> None:
        add_page_break(self.document)

    def table(self, headings: Sequence[str], description: str, widths: Sequence[float]) -> _Grid:
        """A table with its header row marked (repeated on each page); ``widths`` in mm,
        widened where a heading's word would break."""
        fitted = headings_fit(headings, widths, self._cell_pt)
        lengths: list[Length] = [Mm(w) for w in fitted]
        style = self._table_style
        table = header_table(
            self.document,
            headings,
            lengths,
            style_id=self.style_id(style, WD_STYLE_TYPE.TABLE) if style else None,
            fill=_HEADER_FILL,
            description=description,
        )
        return _Grid(table, lengths)

    # ------------------------------------------------------------ the cover

    def _cover(self) -> None:
        cover = self.paper.cover
        self.heading(cover.cover.subject or self.paper.plan_title, 0)
        table: Table = self.document.add_table(rows=1, cols=2)
        if self._table_style:
            table._tbl.tblStyle_val = self.style_id(self._table_style, WD_STYLE_TYPE.TABLE)
        repeat_header(table.rows[0])
        mark_table(
            table,
            "The cover report's details: committee, date, subject, funding, report of and author",
        )
        widths: list[Length] = [Mm(_PORTRAIT * 0.64), Mm(_PORTRAIT * 0.36)]
        fix_widths(table, widths)
        first = cover.header[0]
        left, right = (cell.paragraphs[0]._p for cell in table.rows[0].cells)
        _labelled(left, first.left_label, first.left_value, stacked=True)
        _labelled(right, first.right_label, first.right_value, stacked=True)
        for row in cover.header[1:]:
            shaded = {0: _HEADER_FILL} if not row.left_value and row.right_value else None
            left, right = add_row(table._tbl, widths, shaded)
            _labelled(left, row.left_label, row.left_value)
            _labelled(right, row.right_label, row.right_value)
        self.text(cover.position, bold=True)
        self.heading("Summary", 1)
        self.text("\n\n".join(cover.summary))
        if cover.recommendations:
            self.heading("Recommendation(s)", 1)
            several = len(cover.recommendations) > 1
            for recommendation in cover.recommendations:
                style = self._numbered if several else None
                self.text(recommendation, style=style)
        if cover.main_report:
            self.heading("Main Report", 1)
            for section in cover.main_report:
                self.heading(section.heading, 2)
                if section.text:
                    self.text(section.text)
                for implication in section.implications:
                    self.labelled(implication.label, implication.text)
        self.heading("Appendices", 1)
        for line in cover.appendices:
            self.text(line)
        # The sign-off (name, title, contact) is one block, never split over a page.
        for number, line in enumerate(cover.sign_off):
            self.text(line, bold=number == 0, keep=number < len(cover.sign_off) - 1)

    # ------------------------------------------------------------ RAG summary

    def _rag_summary(self) -> None:
        paper = self.paper
        self.heading(paper.rag_summary_title, 1)
        for sentence in (paper.overall_sentence, paper.updates_sentence, paper.conflicts_note):
            if sentence:
                self.text(sentence)
        headings = ["Objective", "Deliverables", *[r.label for r in ALL_RAGS], "Overdue"]
        grid = self.table(
            headings,
            "RAG ratings by objective: counts and shares",
            [_LANDSCAPE - 6 * 24, *[24] * 6],
        )
        fills = {2 + i: _RAG_FILL[rag] for i, rag in enumerate(ALL_RAGS)}
        for row in (*paper.shares, paper.total):
            values = [row.name, str(row.counts.total), *[row.cell(rag) for rag in ALL_RAGS]]
            grid.add([*values, str(row.counts.overdue)], fills)
        self.document.add_paragraph()
        picture = self.document.add_picture(io.BytesIO(chart_png(paper)), width=Mm(240))
        describe_image(picture, "RAG ratings by objective", chart_description(paper))
        self.text(
            "Each bar runs GREEN, AMBER, RED, Not rated from left to right; the figures are "
            "in the table above."
        )
        self._rag_key()
        movement = paper.movement
        if movement is None:
            self.text("There is no earlier reporting period to compare with.")
            return
        self.heading(f"Movement since {movement.since}", 2)
        grid = self.table(
            ["Objective", *[f"{m.arrow} {m.value.capitalize()}" for m in MOVES]],
            f"RAG movement by objective since {movement.since}",
            [_LANDSCAPE - len(MOVES) * 24, *[24] * len(MOVES)],
        )
        for name, counts in (*movement.rows, ("All objectives", movement.total)):
            grid.add([name, *map(str, counts)])
        self.heading(f"Changes since {movement.since}", 2)
        if not movement.changes:
            self.text(f"No RAG rating or date has changed since {movement.since}.")
            return
        grid = self.table(
            ["Ref", "Deliverable", "RAG", "Date"],
            f"Deliverables whose RAG rating or date changed since {movement.since}",
            [14, _LANDSCAPE - 14 - 60 - 60, 60, 60],
        )
        for change in movement.changes:
            grid.add(
                [change.ref, change.commitment, change.rag_text, change.date_text],
                {2: _RAG_FILL[change.rag_after]} if change.rag_after is not None else None,
            )

    def _rag_key(self) -> None:
        self.heading("RAG key", 2)
        grid = self.table(["Rating", "Meaning"], "The plan's RAG key", [28, _LANDSCAPE - 28])
        for rag in ALL_RAGS:
            grid.add([rag.label, self.paper.rag_key.meaning(rag)], {0: _RAG_FILL[rag]})
        keep_rows_together(grid.table)

    # ------------------------------------------------------------ the delivery tables

    def _exceptions(self) -> None:
        paper = self.paper
        self.heading(paper.exceptions_title, 1)
        self.text(paper.exceptions_intro)
        for group in paper.exceptions:
            self._group(group, 2)

    def _measures(self) -> None:
        """Each measure's SPC chart as a picture with alternative text, its last values, change,
        exceptions, Reasons and Response (the same content as the pack's section)."""
        from nhp_planner.io.measures_paper import SECTION_TITLE, SPC_NOTE

        self.heading(SECTION_TITLE, 1)
        self.text(SPC_NOTE)
        for content in self.paper.measures:
            self._measure(content)

    def _measure(self, content: MeasureContent) -> None:
        # The chart is reportlab's drawing rendered by PDFium: imported only for a plan with
        # measures, as the pack's own imports are (some 130 ms a paper without them saves).
        from nhp_planner.io.spc_chart import alt_text, spc_png

        self.heading(content.heading, 2)
        for line in (content.about, content.measure.definition):
            if line:
                self.text(line)
        self.heading("Data trend", 3)
        picture = self.document.add_picture(io.BytesIO(spc_png(content.reading)), width=Mm(230))
        describe_image(picture, f"SPC chart: {content.heading}", alt_text(content.reading))
        if content.table:
            grid = self.table(
                [label for label, _ in content.table],
                f"{content.heading}: the last values",
                [32] * len(content.table),
            )
            grid.add([value for _, value in content.table])
        self.text(content.change)
        self.heading("Exceptions", 3)
        for line in content.exceptions or (
            "None: every value is within the limits, with no run or trend (noise).",
        ):
            self.text(line)
        note = f" {content.narrative_note}" if content.narrative_note else ""
        for title, text in (("Reasons", content.reasons), ("Response", content.response)):
            self.heading(f"{title}{note}", 3)
            self.text(text or "Not written yet.")

    def _conflicts(self) -> None:
        paper = self.paper
        self.heading("Unresolved merge conflicts", 1)
        self.text(paper.conflicts_intro)
        grid = self.table(
            ["What", "Field", "Printed in this paper", "The other value", "Copy and who"],
            "Merge conflicts not yet resolved",
            [55, 30, (_LANDSCAPE - 130) / 2, (_LANDSCAPE - 130) / 2, 45],
        )
        for conflict in paper.conflicts:
            grid.add(
                [conflict.what, conflict.field, conflict.printed, conflict.other, conflict.who]
            )

    def _registers(self) -> None:
        """The optional sections on the inspectorate findings and the outstanding references."""
        sections = self.paper.registers
        if sections.findings is not None:
            self._page_break()
            self.heading(FINDINGS_TITLE, 1)
            self.text(sections.findings_intro)
            for group in sections.findings:
                self.heading(group.area, 2)
                grid = self.table(
                    FINDING_COLUMNS,
                    f"{group.area}: findings",
                    [30, 70, 18, 30, _LANDSCAPE - 172, 24],
                )
                for row in group.rows:
                    update = f"{row.stale}:\n{row.update}" if row.stale else row.update
                    status = row.status + (f"\nTarget: {row.target}" if row.target else "")
                    cells = [row.label, row.text, row.rag.label, status, update, row.delivered_by]
                    grid.add(cells, {2: _RAG_FILL[row.rag]})
        if sections.references is not None:
            self._page_break()
            self.heading(REFERENCES_TITLE, 1)
            self.text(sections.references_intro)
            if sections.references:
                grid = self.table(
                    REFERENCE_COLUMNS,
                    "Outstanding references",
                    [22, 45, _LANDSCAPE - 193, 28, 60, 38],
                )
                for ref in sections.references:
                    grid.add([ref.number, ref.meeting, ref.action, ref.owner, ref.status, ref.due])

    def _appendix(self) -> None:
        paper = self.paper
        self.heading(paper.appendix_title, 1)
        self.text(paper.appendix_intro)
        self._rag_key()
        if not paper.appendix:
            self.text("The plan has no deliverables yet.")
        for group in paper.appendix:
            self._group(group, 2)

    def _group(self, group: RowGroup, level: int) -> None:
        self.heading(group.heading, level)
        grid = self.table(self.paper.columns, f"{group.heading}: deliverables", self._widths)
        progress = len(self.paper.columns) - 2
        for row in group.rows:
            grid.add(self._cells(row), {progress: _RAG_FILL[row.rag]})
        keep_rows_together(grid.table, leading=2)  # the heading, its header row and two rows

    def _cells(self, row: DeliverableRow) -> list[Sequence[Run] | str]:
        """A deliverable's cells, in the table's column order; carried-forward text greyed
        and italic under its "Not updated since" line, an overdue date flagged."""
        if row.stale:
            summary: Sequence[Run] | str = (
                Run(f"{row.stale}:", italic=True, colour=_STALE_GREY, then_break=True),
                Run(row.summary, italic=True, colour=_STALE_GREY),
            )
        else:
            summary = row.summary
        date: Sequence[Run] | str = (
            (Run(row.date_text, then_break=True), Run("OVERDUE", bold=True))
            if row.overdue
            else row.date_text
        )
        cells: list[Sequence[Run] | str] = [row.ref, row.commitment]
        if self.paper.has_leads:
            cells.append(row.lead)
        return [*cells, summary, row.progress, date]


@dataclass(slots=True)
class _Grid:
    """A table being written (its ``w:tbl`` element) and its column widths."""

    table: etree._Element
    widths: list[Length]

    def add(
        self, cells: Sequence[Sequence[Run] | str], fills: Mapping[int, str] | None = None
    ) -> None:
        append_row(self.table, cells, self.widths, fills)


def _labelled(paragraph: etree._Element, label: str, value: str, *, stacked: bool = False) -> None:
    """A cell's paragraph: the label bold, the value after it (or under it, ``stacked``)."""
    if label:
        after = ("\n" if stacked else " ") if value else ""
        add_run(paragraph, clean(label) + after, bold=True)
    if value:
        add_run(paragraph, clean(value))


def _narrow_texts(paper: Paper) -> dict[str, list[tuple[str, bool]]]:
    """What the delivery tables' narrow columns print, over every table of the paper (so they
    all have the same columns), as (text, bold) pieces."""
    texts: dict[str, list[tuple[str, bool]]] = {"Ref": [], "Lead": [], "Progress": [], "Date": []}
    for group in (*paper.exceptions, *paper.appendix):
        for row in group.rows:
            texts["Ref"].append((row.ref, False))
            texts["Lead"].append((row.lead, False))
            texts["Progress"].append((row.progress, False))
            texts["Date"].append((row.date_text, False))
            if row.overdue:
                texts["Date"].append(("OVERDUE", True))
    return texts


def _cell_size(document: DocxDocument) -> float:
    """The size (pt) table cells are set at: Normal's, else the table style's, else the
    document's default, else Word's own 10 pt."""
    styles = document.styles.element
    for name in ("Normal", "Table Grid"):
        style = styles.get_by_name(name)
        size = style.rPr.sz_val if style is not None and style.rPr is not None else None
        if size is not None:
            return float(size.pt)
    default = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    return int(default[0]) / 2 if default else 10.0


def _default_style(styles: CT_Styles, kind: WD_STYLE_TYPE) -> CT_Style | None:
    """The default style of ``kind``, as ``styles.default(kind)`` finds it (the last marked
    default, in document order), but in one XPath: python-docx reads every style's type and
    default in Python (~1 ms a kind)."""
    marked = styles.xpath(f'w:style[@w:type="{kind.xml_value}"][@w:default]')
    found: list[CT_Style] = [style for style in marked if style.default]
    return found[-1] if found else None


def _is_rtl(text: str) -> bool:
    return bool(text) and not text.isascii() and get_base_level(text) == 1

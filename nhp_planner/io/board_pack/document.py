"""The pack's pages: an A4 portrait cover, A4 landscape tables, a running header, "Page N of M"."""

from __future__ import annotations

from typing import IO

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from nhp_planner import APP_NAME, __version__
from nhp_planner.io.board_pack.progress import Progress, ProgressMark
from nhp_planner.io.board_pack.styles import (
    FONT,
    FOOTER_BAND,
    HEADER_BAND,
    LANDSCAPE,
    MARGIN,
    MUTED,
    PORTRAIT,
)
from nhp_planner.io.board_pack.text import Para, para, shorten
from nhp_planner.io.paper.content import DocumentInfo

_PAGE_COUNT = "nhpPageCount"
_FURNITURE = ParagraphStyle("furniture", fontName=FONT, fontSize=8, leading=10, textColor=MUTED)


class _PackCanvas(Canvas):  # type: ignore[misc]
    """Writes the page count, known only at the end, into a form every footer refers to.

    This keeps the build to one pass; the usual recipe (a second build, or
    keeping every page's drawing until the end) costs time or memory.
    """

    def save(self) -> None:
        pages = self.getPageNumber() - 1  # the last showPage() began an empty page
        self.beginForm(_PAGE_COUNT)
        self.setFont(FONT, _FURNITURE.fontSize)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(pages))
        self.endForm()
        self.showOutline()  # open with the bookmarks pane: sections and objectives
        super().save()


class BoardPackDocument(BaseDocTemplate):  # type: ignore[misc]
    """Portrait pages for the cover report, landscape ones for the tables, each with furniture.

    Args:
        target: the open file to write.
        heading: the running header's text (the plan title).
        period: the reporting period, printed at the header's right.
        classification: the cover's Public / Non-public marking, printed in the footer.
        progress: advanced as each block of rows is laid out.
        info: the document's title, author, subject and language (from the cover).
    """

    def __init__(
        self,
        target: IO[bytes],
        *,
        heading: str,
        period: str,
        classification: str,
        progress: Progress,
        info: DocumentInfo,
    ) -> None:
        super().__init__(
            target,
            pagesize=PORTRAIT,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_BAND,
            bottomMargin=MARGIN + FOOTER_BAND,
            creator=f"{APP_NAME} {__version__}",
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=info.keywords,
            lang=info.language,
            # The canvas starts in this font, so the PDF names no font it does not embed.
            initialFontName=FONT,
        )
        self._progress = progress
        self._period = period
        self._heading_text = heading
        self._classification_text = classification
        self._lines: dict[tuple[str, float], Para] = {}
        self.addPageTemplates(
            [
                PageTemplate("portrait", [_frame(PORTRAIT)], self._furniture, pagesize=PORTRAIT),
                PageTemplate("landscape", [_frame(LANDSCAPE)], self._furniture, pagesize=LANDSCAPE),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, ProgressMark):
            self._progress.advance(flowable.steps)

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        inner = width - 2 * MARGIN
        canvas.saveState()
        period_width = canvas.stringWidth(self._period, FONT, _FURNITURE.fontSize)
        top = height - MARGIN - _FURNITURE.leading
        self._line(self._heading_text, inner - period_width - 12).drawOn(canvas, MARGIN, top)
        canvas.setFont(FONT, _FURNITURE.fontSize)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, top + 2, self._period)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 3, width - MARGIN, top - 3)
        bottom = MARGIN
        self._line(self._classification_text, inner / 2).drawOn(canvas, MARGIN, bottom)
        label = f"Page {doc.page} of "
        # The count is not known yet: leave room for four digits (or more, on page 1000).
        digits = max(4, len(str(doc.page)) + 1)
        room = canvas.stringWidth("8" * digits, FONT, _FURNITURE.fontSize)
        x = width - MARGIN - room - canvas.stringWidth(label, FONT, _FURNITURE.fontSize)
        canvas.drawString(x, bottom + 2, label)
        canvas.translate(x + canvas.stringWidth(label, FONT, _FURNITURE.fontSize), bottom + 2)
        canvas.doForm(_PAGE_COUNT)
        canvas.restoreState()

    def _line(self, text: str, width: float) -> Para:
        """User text on one line of the page furniture, cut to fit (made once per width)."""
        key = (text, width)
        if key not in self._lines:
            line = para(shorten(text, FONT, _FURNITURE.fontSize, width), _FURNITURE)
            line.wrap(width + 40, _FURNITURE.leading * 2)
            self._lines[key] = line
        return self._lines[key]


def _frame(size: tuple[float, float]) -> Frame:
    return Frame(
        MARGIN,
        MARGIN + FOOTER_BAND,
        size[0] - 2 * MARGIN,
        size[1] - 2 * MARGIN - HEADER_BAND - FOOTER_BAND,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def build_document(
    story: list[Flowable],
    target: IO[bytes],
    *,
    heading: str,
    period: str,
    classification: str,
    progress: Progress,
    info: DocumentInfo,
) -> int:
    """Lay the story out into ``target``; returns the number of pages."""
    # Streams (pages, fonts) written compressed as binary, not also in ASCII85 for 7-bit mail
    # (reportlab's default): a tenth smaller and over 1 ms sooner; PDF readers read both.
    # reportlab's setting is per process: its only PDF writer here is the pack.
    rl_config.useA85 = 0
    document = BoardPackDocument(
        target,
        heading=heading,
        period=period,
        classification=classification,
        progress=progress,
        info=info,
    )
    document.build(story, canvasmaker=_PackCanvas)
    pages: int = document.page
    return pages

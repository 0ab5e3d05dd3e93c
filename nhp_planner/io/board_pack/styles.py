"""The board pack's fonts, colours, page geometry and paragraph styles."""

from __future__ import annotations

import functools
import threading

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts

from nhp_planner.io.board_pack.font_face import PackFont
from nhp_planner.model.rag import Rag
from nhp_planner.paths import resource

#: DejaVu Sans, embedded so every Latin, Greek, Cyrillic and Arabic letter prints.
FONT = "NHPSans"
FONT_BOLD = "NHPSans-Bold"
#: Symbola, a subset holding the emoji and symbols DejaVu Sans lacks.
FONT_SYMBOLS = "NHPSymbols"

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 14 * mm
#: Space above the frame for the running header, below it for the page number.
HEADER_BAND = 12 * mm
FOOTER_BAND = 10 * mm
#: The width text and tables may fill on each kind of page.
PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN
LANDSCAPE_WIDTH = LANDSCAPE[0] - 2 * MARGIN
#: The height of a landscape page's frame, between the header and footer bands.
LANDSCAPE_FRAME_HEIGHT = LANDSCAPE[1] - 2 * MARGIN - HEADER_BAND - FOOTER_BAND

# Fills light enough for black text. In grey they step from light (GREEN, 89%)
# through AMBER (78%) to RED (66%), and every cell and bar also carries its word.
RAG_FILL = {
    Rag.GREEN: colors.HexColor("#D5EFCF"),
    Rag.AMBER: colors.HexColor("#F8C44F"),
    Rag.RED: colors.HexColor("#EC8C8C"),
    Rag.NOT_RATED: colors.HexColor("#FFFFFF"),
}
HEADER_FILL = colors.HexColor("#D9D9D9")
SECTION_FILL = colors.HexColor("#EFEFEF")
GRID = colors.HexColor("#7F7F7F")
TEXT = colors.black
MUTED = colors.HexColor("#404040")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14, spaceAfter=6)
TITLE = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=17, leading=22, spaceAfter=8)
HEADING = ParagraphStyle(
    "heading", fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5
)
SUBHEADING = ParagraphStyle(
    "subheading", fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3
)
LABEL = ParagraphStyle("label", fontName=FONT_BOLD, fontSize=10, leading=13)
VALUE = ParagraphStyle("value", fontName=FONT, fontSize=10, leading=13)
NOTE = ParagraphStyle("note", fontName=FONT, fontSize=8.5, leading=11, textColor=MUTED)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
CELL_BOLD = ParagraphStyle("cell-bold", parent=CELL, fontName=FONT_BOLD)
#: Text carried forward from an earlier period: grey, under its "Not updated since" line.
STALE = colors.HexColor("#5A5A5A")
CELL_STALE = ParagraphStyle("cell-stale", parent=CELL, textColor=STALE)
CELL_CENTRE = ParagraphStyle("cell-centre", parent=CELL, alignment=TA_CENTER)
CELL_HEADING = ParagraphStyle("cell-heading", parent=CELL_BOLD)

_lock = threading.Lock()
_registered = False


_symbols_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans and its bold with reportlab, once per process and thread-safely.

    The window builds packs on a worker thread, so two builds may start together.
    The symbol font is registered by :func:`symbol_coverage`, the first time text
    holds a character DejaVu Sans lacks (reading a font costs some 5-10 ms).
    """
    global _registered
    with _lock:
        if _registered:
            return
        _fix_to_unicode_map()
        pdfmetrics.registerFont(PackFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(PackFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        # <b> in a paragraph means DejaVu Sans Bold; there is no italic face, so <i> stays upright.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _registered = True


def _register_symbols() -> None:
    global _symbols_registered
    register_fonts()  # the ToUnicode fix the symbol font needs comes with the main faces
    with _lock:
        if _symbols_registered:
            return
        pdfmetrics.registerFont(
            PackFont(FONT_SYMBOLS, str(resource("fonts", "Symbola-symbols.ttf")))
        )
        _symbols_registered = True


@functools.cache
def primary_coverage() -> frozenset[int]:
    """The code points DejaVu Sans can draw."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


@functools.cache
def symbol_coverage() -> frozenset[int]:
    """The code points the symbol font adds (emoji, dingbats, arrows); registers it."""
    _register_symbols()
    return frozenset(pdfmetrics.getFont(FONT_SYMBOLS).face.charToGlyph)


@functools.cache
def shaped(style: ParagraphStyle, *, right_to_left: bool = False) -> ParagraphStyle:
    """The style with HarfBuzz shaping on: Arabic letters joined and right to left.

    Shaping costs time, so only paragraphs holding such scripts use it. A
    paragraph written right to left is ranged right, as its readers expect.
    """
    if right_to_left:
        return ParagraphStyle(
            f"{style.name}-shaped-rtl", parent=style, shaping=1, alignment=TA_RIGHT
        )
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def _fix_to_unicode_map() -> None:
    """Make text extraction return emoji and other characters beyond U+FFFF.

    reportlab writes such characters in a font's ToUnicode map as five hex
    digits ("<1F46E>"), which PDF readers reject, so copying or searching the
    pack loses them. The map must give them as UTF-16 ("<D83DDC6E>").
    """
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "nhp_fixed", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, [min(code, 0xFFFF) for code in subset])
        if all(code <= 0xFFFF for code in subset):
            return text
        lines = text.split("\n")
        first = lines.index(f"{len(subset)} beginbfchar") + 1
        for index, code in enumerate(subset):
            if code > 0xFFFF:
                utf16 = chr(code).encode("utf-16-be").hex().upper()
                lines[first + index] = f"<{index:02X}> <{utf16}>"
        return "\n".join(lines)

    make_to_unicode_cmap.nhp_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap

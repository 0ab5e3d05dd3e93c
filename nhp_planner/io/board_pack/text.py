"""User text into the pack: escaped, in a font that has its characters, shaped where needed."""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from nhp_planner.io.board_pack.plain_text import parsed_frags, plain_frags, plain_lines
from nhp_planner.io.board_pack.styles import (
    FONT_SYMBOLS,
    HEADING,
    primary_coverage,
    shaped,
    symbol_coverage,
)

# Scripts written right to left with joined letters: Hebrew, Arabic, Syriac, Thaana...
_COMPLEX = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Control characters other than tab and newline mean nothing on paper.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def markup(text: str) -> str:
    """Paragraph markup that prints ``text`` exactly as typed.

    User text is data: ``<b>``, ``&`` and quotes are escaped, never obeyed.
    Line breaks are kept, and characters DejaVu Sans lacks (emoji) are set in
    the symbol font.
    """
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isascii():
        return escape(text, quote=False).replace("\n", "<br/>")
    primary = primary_coverage()
    parts: list[str] = []
    run: list[str] = []
    in_symbols = False
    for char in text:
        code = ord(char)
        # A space belongs to either font: it stays in the run it is in. A line break is in
        # neither, so the symbol font is read only for a character DejaVu Sans lacks.
        if char == " ":
            wants_symbols = in_symbols
        else:
            wants_symbols = code not in primary and not char.isspace() and code in symbol_coverage()
        if wants_symbols != in_symbols and run:
            parts.append(_run(run, in_symbols))
            run = []
        in_symbols = wants_symbols
        run.append(char)
    if run:
        parts.append(_run(run, in_symbols))
    return "".join(parts)


def _run(chars: list[str], in_symbols: bool) -> str:
    escaped = escape("".join(chars), quote=False).replace("\n", "<br/>")
    return f'<font face="{FONT_SYMBOLS}">{escaped}</font>' if in_symbols else escaped


#: Widths closer than this (points) are one width: far below what a PDF coordinate shows.
_SAME_WIDTH = 1e-6


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that keeps its line breaks while it is asked for the same width.

    Tables wrap every cell again each time they are measured or split at a page
    end; breaking the lines once is enough. (Measured: a third of the time of a
    large pack.) Plain text (no markup, one font) is made and broken into lines
    by :mod:`~nhp_planner.io.board_pack.plain_text`, as reportlab would.
    """

    _wrapped_for: float = -1.0
    #: Made by plain_frags: its lines can be broken by plain_lines.
    _plain: bool = False
    #: The user text and style it was made from (None for our own markup), so a
    #: paragraph too tall for a page can be cut into several.
    source: str | None = None
    source_style: ParagraphStyle | None = None
    #: For text holding Arabic or Hebrew: whether the paragraph runs right to left
    #: (each line's words are then put in visual order); None for other text.
    right_to_left: bool | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, **options: Any) -> None:
        plain = plain_frags(text, style) if text is not None and not options else None
        if plain is None:
            super().__init__(text, style, **options)
            return
        cleaned, frags = plain
        super().__init__(cleaned, style, frags=frags)
        self._plain = True

    def breakLines(self, width: float | list[float]) -> Any:
        if self._plain:
            lines = plain_lines(self, width if isinstance(width, list) else [width])
            if lines is not None:
                return lines
            # A word wider than the column: reportlab cuts it, in the fragments it parses.
            self._plain = False
            self.frags = parsed_frags(self)
        return super().breakLines(width)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # reportlab drops the line breaks (blPara) when a split leaves no room. A table
        # measures a cell at one width and draws it at the same width worked out another
        # way (339.82677165354335, then ...433): the same lines, not broken again.
        if abs(availWidth - self._wrapped_for) < _SAME_WIDTH and "blPara" in self.__dict__:
            self.width = availWidth
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_for = availWidth
        if self.right_to_left is not None and getattr(self.blPara, "kind", 0) == 1:
            from nhp_planner.io.board_pack.bidi_lines import reorder_lines

            reorder_lines(self.blPara.lines, self.right_to_left)
        return size


def para(
    text: str, style: ParagraphStyle, *, bold_prefix: int = 0, bold_first_line: bool = False
) -> Para:
    """User text as a paragraph; Arabic and Hebrew are shaped and set right to left.

    ``bold_prefix`` sets that many leading characters bold (a label such as
    "Subject:"), ``bold_first_line`` the text up to the first line break.
    """
    if bold_first_line and "\n" in text:
        bold_prefix = text.index("\n")
    if bold_prefix:
        head, rest = text[:bold_prefix], text[bold_prefix:]
        paragraph = Para(f"<b>{markup(head)}</b>{markup(rest)}", style_for(text, style))
    else:
        paragraph = Para(markup(text), style_for(text, style))
        paragraph.source, paragraph.source_style = text, style
    paragraph.right_to_left = right_to_left(text)
    return paragraph


def right_to_left(text: str) -> bool | None:
    """For text holding Arabic or Hebrew, whether it runs right to left (its first letter does,
    by the Unicode bidi algorithm); None for text without such letters.

    python-bidi is imported here, for the first such text: a pack of other text does not load it.
    """
    if not _COMPLEX.search(text):
        return None
    from bidi import get_base_level

    return bool(get_base_level(text) == 1)


def style_for(text: str, style: ParagraphStyle) -> ParagraphStyle:
    """The style to set ``text`` in: shaped when it holds Arabic or Hebrew, and ranged right
    when it is written right to left (its first letter is; the Unicode bidi algorithm's rule)."""
    if not _COMPLEX.search(text):
        return style
    return shaped(style, right_to_left=bool(right_to_left(text)))


def undrawable(text: str) -> str:
    """The characters of ``text`` that no bundled font has (CJK, newer emoji), each once.

    Joiners, variation selectors and other marks that print nothing are not counted.
    """
    if text.isascii():
        return ""
    primary = primary_coverage()
    missing: dict[str, None] = {}
    for char in text:
        code = ord(char)
        if code in primary or char.isspace() or code in symbol_coverage():
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me") or 0xFE00 <= code <= 0xFE0F:
            continue
        missing[char] = None
    return "".join(missing)


_TOKEN = re.compile(r"\n|[^\s]+")


def split_text(text: str, style: ParagraphStyle, width: float, height: float) -> list[str]:
    """Cut long text at spaces into pieces that each wrap to about ``height`` at ``width``.

    An estimate from the text's average character width, erring short; it
    takes one pass, where reportlab's own paragraph split breaks the rest of
    the text into lines again at every cut (minutes for a very long text).
    """
    sample = text[:4000]
    average = stringWidth(sample, style.fontName, style.fontSize) / max(len(sample), 1)
    per_line = max(int(width / max(average, 0.1) * 0.95), 8)
    lines_per_piece = max(int(height / style.leading), 2)
    pieces: list[str] = []
    start, lines, column = 0, 1, 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            lines, column = lines + 1, 0
            continue
        size = len(token) + 1
        if column and column + size > per_line:
            lines, column = lines + 1, 0
        lines += (size - 1) // per_line  # a word longer than a line
        column += size
        if lines > lines_per_piece and match.start() > start:
            pieces.append(text[start : match.start()].rstrip())
            start, lines, column = match.start(), 1, size
    pieces.append(text[start:].rstrip())
    return [piece for piece in pieces if piece.strip()] or [text]


def fits_on_a_line(text: str, style: ParagraphStyle, width: float) -> bool:
    """Whether ``text`` can be drawn as a plain string: one line, every glyph in the main font.

    Plain strings cost a fraction of a paragraph in a table cell.
    """
    if "\n" in text or (not text.isascii() and not drawable(text)):
        return False
    return bool(stringWidth(text, style.fontName, style.fontSize) <= width)


def drawable(text: str) -> bool:
    """Whether plain drawing (no shaping, one font) shows ``text`` right: no emoji, no Arabic."""
    primary = primary_coverage()
    return not _COMPLEX.search(text) and all(ord(char) in primary for char in text)


def shorten(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``width`` (running headers, chart)."""
    # No glyph is narrower than a fifth of the font size: cut what cannot fit before measuring.
    text = " ".join(text.split())[: int(width / (size * 0.2)) + 1]
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1].rstrip()
    return text + "…"


class Bookmark(Flowable):  # type: ignore[misc]
    """An entry in the PDF's outline (the reader's bookmarks) for the place where it stands."""

    _ZEROSIZE = 1

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, self.level)


def heading(
    text: str, key: str | None = None, *, style: ParagraphStyle = HEADING, level: int = 0
) -> list[Flowable]:
    """A section heading that starts a new page rather than sit alone at the foot of one.

    With a ``key`` it is listed in the PDF's outline at ``level``.
    """
    marks: list[Flowable] = [Bookmark(text, key, level)] if key else []
    return [CondPageBreak(45 * mm), *marks, para(text, style)]

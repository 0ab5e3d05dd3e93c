"""Plain paragraphs (one font, no tags) made and broken into lines as reportlab does, sooner.

Most of the pack's paragraphs are a table cell's text: no tags, one font. For
them reportlab runs its markup parser (a new ``HTMLParser`` each), then breaks
the lines word by word through three calls each to measure it. Here the
fragment is a copy of the one reportlab's parser makes for the style, holding
the text as reportlab cleans it (an entity read as its character), and the
lines are broken by reportlab's own rule for a single fragment (its "simple"
case: the words measured by the font, a line's spaces allowed to shrink by
``spaceShrinkage``), with the words measured in one pass. Anything else (a word
wider than the column, a soft hyphen, hyphenation, shaping, bidi, bullets) is
left to reportlab. ``tests/io/test_pack_plain_text.py`` compares both, fragment
and lines, for text of every kind.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText, split, strip

_SOFT_HYPHEN = "\xad"
#: The entities markup() writes, and what they stand for (``&amp;`` last: "&amp;lt;" is "&lt;").
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}

_lock = threading.Lock()
#: Per style: the fragment reportlab's parser makes for its text, and its attributes that are
#: lists (each fragment gets its own, as the parser gives them).
_templates: dict[ParagraphStyle, tuple[Any, tuple[str, ...]]] = {}


def plain_frags(text: str, style: ParagraphStyle) -> tuple[str, list[Any]] | None:
    """The cleaned text and the one fragment to set ``text`` (markup) in, as reportlab's parser
    makes it; None when ``text`` holds tags or the style asks for more than reportlab's simple
    line breaking (then the paragraph is made by reportlab).

    ``&amp;``, ``&lt;`` and ``&gt;`` (what :func:`~nhp_planner.io.board_pack.text.markup`
    escapes) stand for their characters in the fragment's text. reportlab's parser makes a
    fragment of each entity and of each run between them, all in the one style: the same
    words and lines, which reportlab then breaks and draws fragment by fragment, several
    times slower ("P&P" is common in the plans).
    """
    if "<" in text or _SOFT_HYPHEN in text or not _simple(style):
        return None
    cleaned = cleanBlockQuotedText(text)
    if not cleaned:
        return None
    words = cleaned
    if "&" in cleaned:
        entities = sum(cleaned.count(entity) for entity in _ENTITIES)
        if cleaned.count("&") != entities:
            return None  # an entity markup() does not write: the parser reads it
        for entity, char in _ENTITIES.items():
            words = words.replace(entity, char)
    template, lists = _template(style)
    frag = template.clone(text=words)
    for name in lists:
        setattr(frag, name, list(getattr(template, name)))
    return cleaned, [frag]


def _simple(style: ParagraphStyle) -> bool:
    """Whether reportlab breaks a one-fragment paragraph in this style by its simple rule alone."""
    return not (
        style.wordWrap
        or style.shaping
        or style.endDots
        or style.textTransform
        or style.hyphenationLang
        or style.uriWasteReduce
        or style.embeddedHyphenation
        or getattr(style, "bulletText", None)
        or not style.splitLongWords
    )


def _template(style: ParagraphStyle) -> tuple[Any, tuple[str, ...]]:
    with _lock:
        made = _templates.get(style)
        if made is None:
            (frag,) = Paragraph("x", style).frags
            lists = tuple(name for name, value in vars(frag).items() if isinstance(value, list))
            made = _templates[style] = (frag, lists)
        return made


def parsed_frags(paragraph: Paragraph) -> list[Any]:
    """The fragments reportlab's parser makes of a paragraph made by :func:`plain_frags`:
    its own where the text holds no entities, else parsed again."""
    (frag,) = paragraph.frags
    if frag.text == paragraph.text:
        return list(paragraph.frags)
    frags: list[Any] = Paragraph(paragraph.text, paragraph.style).frags
    return frags


def plain_lines(paragraph: Paragraph, widths: list[float]) -> Any | None:
    """The lines of a paragraph made by :func:`plain_frags`, as reportlab's ``breakLines``
    gives them (``kind`` 0); None when a word is wider than a line (reportlab cuts it)."""
    (frag,) = paragraph.frags
    font_name, font_size = frag.fontName, frag.fontSize
    ascent, descent = getAscentDescent(font_name, font_size)
    measure = getFont(font_name).stringWidth
    encoding = paragraph.encoding
    words = split(strip(frag.text))
    if not words:
        return None
    sizes = [measure(word, font_size, encoding) for word in words]
    if max(sizes) > min(widths):
        return None
    space = measure(" ", font_size, encoding)
    shrink = paragraph.style.spaceShrinkage * space
    last = len(widths) - 1
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current = -space  # reportlab's start: the first word adds no space
    widest: float = 0
    width, number = widths[0], 0
    for word, size in zip(words, sizes, strict=True):
        wider = current + space + size
        if wider <= width + shrink * len(line) or not line:
            line.append(word)
            current = wider
            continue
        widest = max(widest, current)
        lines.append((width - current, line))
        line, current = [word], size
        number += 1
        width = widths[min(last, number)]
    widest = max(widest, current)
    lines.append((width - current, line))
    paragraph._width_max = widest
    paragraph.height = 0
    paragraph._splitLongWordCount = paragraph._hyphenations = 0
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)

"""Right-to-left text in the pack: each laid-out line's words put in visual order (the Unicode
bidi algorithm, through python-bidi), so Arabic and Hebrew sentences read with their words in order.

reportlab shapes each word (HarfBuzz joins the letters and sets them right to
left) but draws a line's words in the order they were typed. The bidi
algorithm must run on each line after the paragraph is broken into lines (a
line break changes which words are reordered with which), so it runs here, on
the lines reportlab made: each word becomes one character of its bidi class,
python-bidi orders those characters, and the words follow them. Written in
logical order and drawn in visual order, the text also extracts in logical
order from the PDF.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from bidi import get_display

# One stand-in character per word, of the word's bidi class; spaces stand for themselves.
_STRONG_RTL = [chr(c) for c in range(0x5D0, 0x5EB)] + [
    chr(c) for c in range(0x620, 0x64B) if unicodedata.bidirectional(chr(c)) == "AL"
]
_NUMBER = [
    chr(c)
    for c in (*range(0x30, 0x3A), *range(0x6F0, 0x6FA), *range(0x2080, 0x208A))
    if unicodedata.bidirectional(chr(c)) == "EN"
]
_NEUTRAL = [
    chr(c)
    for c in range(0x2190, 0x2200)
    if unicodedata.bidirectional(chr(c)) == "ON" and not unicodedata.mirrored(chr(c))
]
_LTR_BASE = 0x4E00  # CJK ideographs: strong left to right, as many as a line needs


def _class(token: str) -> str:
    classes = {unicodedata.bidirectional(char) for char in token}
    if classes & {"R", "AL"}:
        return "R"
    if "L" in classes:
        return "L"
    if classes & {"EN", "AN"}:
        return "EN"
    return "ON"


def visual_order(tokens: list[str], right_to_left: bool) -> list[int] | None:
    """The order (indices into ``tokens``) to draw a line's words and spaces in, left to right.

    None when the line holds more words of one kind than there are stand-ins
    (then it is drawn as typed).
    """
    pools = {"R": iter(_STRONG_RTL), "EN": iter(_NUMBER), "ON": iter(_NEUTRAL)}
    stand_ins: list[str] = []
    owner: dict[str, int] = {}
    spaces: list[int] = []
    for index, token in enumerate(tokens):
        if token.isspace():
            stand_ins.append(" ")
            spaces.append(index)
            continue
        kind = _class(token)
        char = chr(_LTR_BASE + index) if kind == "L" else next(pools[kind], None)
        if char is None:
            return None
        owner[char] = index
        stand_ins.append(char)
    shown = get_display("".join(stand_ins), base_dir="R" if right_to_left else "L")
    free_spaces = iter(spaces)
    order = [next(free_spaces) if char == " " else owner[char] for char in shown]
    return order if sorted(order) == list(range(len(tokens))) else None


def _tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces and of non-spaces in ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or text[index].isspace() != text[start].isspace():
            spans.append((start, index))
            start = index
    return spans


def reorder_lines(lines: list[Any], right_to_left: bool) -> None:
    """Put the words of reportlab's laid-out lines (``FragLine``s) in visual order, in place."""
    for line in lines:
        words = getattr(line, "words", None)
        if not words or getattr(line, "nhp_bidi", False):
            continue
        pieces: list[tuple[Any, Any]] = []
        for frag in words:
            text = getattr(frag, "text", "")
            if hasattr(frag, "cbDefn") or not text:
                pieces.append((frag, None))
                continue
            pieces += [(frag, text[start:end]) for start, end in _tokens(text)]
        texts = [str(text) if text is not None else "" for _, text in pieces]
        if not any(_class(t) == "R" for t in texts):
            continue
        order = visual_order(texts, right_to_left)
        if order is None:
            continue
        line.words = [
            frag if text is None else frag.clone(text=text)
            for frag, text in (pieces[index] for index in order)
        ]
        line.nhp_bidi = True

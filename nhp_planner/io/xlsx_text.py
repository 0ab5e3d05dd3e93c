"""Text for Excel cells: what Excel refuses, how to keep the rest, how many lines it wraps to."""

from __future__ import annotations

import math
import re

#: The most characters an Excel cell holds; longer text is refused (Excel "repairs" the file).
CELL_LIMIT = 32_767

#: Characters an .xlsx cannot carry: control characters other than tab and new line (XML 1.0
#: forbids them; openpyxl raises IllegalCharacterError), lone surrogates (not UTF-8) and the
#: two non-characters U+FFFE/U+FFFF.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Carriage returns cannot survive either: the XML parser of every reader turns a raw CR into a
#: new line, so a cell's line ends are written as Excel keeps them itself, a single LF.
_LINE_END = re.compile("\r\n?")
#: Word's manual line break (vertical tab) and page break (form feed) arrive in pasted text:
#: they meant a new line, so they become one instead of vanishing.
_AS_NEW_LINE = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
#: Either of the above: most texts have none, and one search says so.
_TO_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_FOOTER_LIMIT = 80


def needs_cleaning(text: str) -> bool:
    """Whether :func:`cell_text` would change anything (CR LF included)."""
    return _TO_CLEAN.search(text) is not None


def cell_text(text: str) -> tuple[str, int]:
    """The text as an Excel cell can hold it, and how many characters had to change.

    Everything else is kept exactly: leading ``=``, ``+``, ``-``, ``@`` (the
    caller writes the result as a string cell, never a formula), tabs, new
    lines, emoji, any script. Control characters are dropped, new-line-like
    ones become new lines, and characters UTF-8 cannot encode become U+FFFD,
    so one stray byte never costs the rest of a summary. CR LF becoming LF is
    not counted: it is the same line break.
    """
    if "\r" in text:
        text = _LINE_END.sub("\n", text)
    if _REFUSED.search(text) is None:
        return text, 0
    changed = len(_REFUSED.findall(text))
    text = _REFUSED.sub(_replacement, text.translate(_AS_NEW_LINE))
    return text, changed


def _replacement(match: re.Match[str]) -> str:
    return "" if match.group() < "\x20" else "\ufffd"


def header_footer_text(text: str) -> str:
    """Text for a printed page header or footer: ``&`` starts a code there, so it is doubled.

    Excel refuses headers longer than 255 characters in all, so each part is
    cut to a length that leaves room for the others.
    """
    flat = " ".join(cell_text(text)[0].split())
    if len(flat) > _HEADER_FOOTER_LIMIT:
        flat = flat[: _HEADER_FOOTER_LIMIT - 1].rstrip() + "…"
    return flat.replace("&", "&&")


#: Characters of ordinary text that fit in one unit of Excel column width (the width of a "0"
#: in the workbook's font): letters and spaces average narrower than a digit. Measured on
#: LibreOffice with DejaVu Sans standing in for Calibri, the widest case; Calibri itself fits
#: a few more, so Excel shows a little room to spare rather than clipped text.
_CHARS_PER_UNIT = 1.1
#: Word wrapping leaves the end of most lines short of the edge: about half a long word.
_WRAP_SLACK = 4


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide (at least 1).

    An estimate from the text's length, erring towards one line too many:
    a row a little too tall prints fine, one too short prints its text
    overprinted or cut off. Laying out words exactly would cost more than
    writing the whole workbook.
    """
    per_line = max(int(width * _CHARS_PER_UNIT) - _WRAP_SLACK, 1)
    if "\n" not in text:
        return max(math.ceil(len(text) / per_line), 1)
    return sum(max(math.ceil(len(line) / per_line), 1) for line in text.split("\n"))

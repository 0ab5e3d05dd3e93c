"""The delivery tables' column widths, measured from what their narrow columns hold.

Word breaks a word in the middle when it is wider than its cell, so each narrow
column (Ref, Lead, Progress, Date) is as wide as its widest word, measured in
DejaVu Sans (the pack's bundled font, wider than Arial and its metric twin
Liberation Sans, so the measure errs on the side of room) at the cells' size,
plus Word's cell margins. Ref, Progress and Date also keep a whole value on one
line when it is short ("31/03/2024", "AMBER ▼"). Each is capped, so the
Deliverable and the summary always keep room to be read; they share what is left.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from PIL import ImageFont

from nhp_planner.paths import resource

#: Word's default cell margins, 0.19 cm left and right (108 twips each, as Table Grid sets them).
CELL_MARGINS_MM = 2 * 1.905
#: The widest each narrow column may grow: a longer word breaks, the text columns keep their room.
CAP_MM = {"Ref": 20.0, "Lead": 56.0, "Progress": 30.0, "Date": 40.0}
#: Columns whose whole value is kept on one line when it fits under the cap.
_WHOLE = frozenset({"Ref", "Progress", "Date"})
#: The Deliverable's share of the width the narrow columns leave; the summary takes the rest
#: (the pack's 60 mm to the summary's 100 or so).
_DELIVERABLE_SHARE = 3 / 8
_MEASURE_PX = 1000  # the size fonts are read at (large: hinting rounds each glyph to a pixel)
#: Room over the measure: one face measures up to 0.2% apart with and without Pillow's Raqm
#: layout, and Word and LibreOffice lay out with their own.
_ROOM_MM = 0.2
_STEP_MM = 0.5


@cache
def face(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (or its bold) at ``size`` pixels, read once: the chart draws with it, the
    tables measure with it."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resource("fonts", name)), size)


@cache
def text_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide ``text`` sets on one line at ``size_pt``, in mm (once each: leads, dates and
    headings repeat down a paper)."""
    return face(_MEASURE_PX, bold).getlength(text) / _MEASURE_PX * size_pt * 25.4 / 72


def column_widths(
    columns: Sequence[str],
    texts: Mapping[str, Iterable[tuple[str, bool]]],
    *,
    size_pt: float,
    total_mm: float,
) -> list[float]:
    """Each column's width (mm), in ``columns``' order, the widths adding up to ``total_mm``.

    ``texts`` holds, for each narrow column, what its cells print as (text, bold)
    pieces, its heading among them; a column not in :data:`CAP_MM` other than
    Deliverable is the summary, which takes what is left.
    """
    narrow = {
        title: _fit(title, texts.get(title, ()), size_pt) for title in columns if title in CAP_MM
    }
    rest = total_mm - sum(narrow.values())
    deliverable = _up(rest * _DELIVERABLE_SHARE) if "Deliverable" in columns else 0.0
    summary = rest - deliverable
    return [
        narrow.get(title, deliverable if title == "Deliverable" else summary) for title in columns
    ]


def headings_fit(headings: Sequence[str], widths: Sequence[float], size_pt: float) -> list[float]:
    """``widths`` (mm) widened so no heading's word breaks ("Deliverables" in a 24 mm column
    did): each column at least its heading's widest word, in bold, plus the cell margins;
    the widest column gives up what they take, so the table keeps its width."""
    widest_words = [
        max(text_mm(word, size_pt, bold=True) for word in (heading.split() or [""]))
        for heading in headings
    ]
    least = [_up(word + CELL_MARGINS_MM + _ROOM_MM) for word in widest_words]
    fitted = [max(width, need) for width, need in zip(widths, least, strict=True)]
    widest = max(range(len(widths)), key=lambda index: widths[index])
    fitted[widest] -= sum(fitted) - sum(widths)
    return fitted


def _fit(title: str, pieces: Iterable[tuple[str, bool]], size_pt: float) -> float:
    room = CAP_MM[title] - CELL_MARGINS_MM - _ROOM_MM
    widest = text_mm(title, size_pt, bold=True)
    for text, bold in pieces:
        whole = text_mm(text, size_pt, bold=bold) if title in _WHOLE else math.inf
        if whole <= room:
            widest = max(widest, whole)
            continue
        for word in text.split():
            widest = max(widest, text_mm(word, size_pt, bold=bold))
    return min(CAP_MM[title], _up(widest + CELL_MARGINS_MM + _ROOM_MM))


def _up(mm: float) -> float:
    """Rounded up to the next half millimetre."""
    return math.ceil(mm / _STEP_MM - 1e-9) * _STEP_MM

"""The RAG chart for the Word paper: stacked bars drawn as a PNG, and a sentence of its figures."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from nhp_planner.io.paper.content import Paper, ShareRow
from nhp_planner.io.word_paper.columns import face
from nhp_planner.model.rag import ALL_RAGS

#: The pack's RAG fills, so the two renderers colour alike.
FILLS = {"GREEN": "#D5EFCF", "AMBER": "#F8C44F", "RED": "#EC8C8C", "Not rated": "#FFFFFF"}
_SCALE = 2  # drawn at twice the size shown, for print
_LABEL, _BAR, _RIGHT, _ROW = 300, 560, 80, 34


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return face(size * _SCALE, bold)


def chart_png(paper: Paper) -> bytes:
    """One bar per objective and one for the plan, each segment worded or counted."""
    rows = [*paper.shares, paper.total]
    width = (_LABEL + _BAR + _RIGHT) * _SCALE
    height = (len(rows) * _ROW + 30) * _SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for index, row in enumerate(rows):
        top = (index * _ROW + 6) * _SCALE
        bold = index == len(rows) - 1
        label = _fit(draw, row.name, _font(11, bold), (_LABEL - 10) * _SCALE)
        draw.text(((_LABEL - 8) * _SCALE, top + 10 * _SCALE), label, fill="black",
                  font=_font(11, bold), anchor="rm")  # fmt: skip
        _bar(draw, row, top)
    axis = (len(rows) * _ROW + 14) * _SCALE
    for tick in range(0, 101, 25):
        x = (_LABEL + _BAR * tick / 100) * _SCALE
        draw.line([(x, 4 * _SCALE), (x, axis - 6 * _SCALE)], fill="#7F7F7F", width=1)
        draw.text((x, axis), f"{tick}%", fill="black", font=_font(9), anchor="mt")
    out = _Named()
    # Compressing is most of the chart's time (Pillow filters each row, then deflates). Level 3
    # saves it in two thirds of zlib's default time; the PNG is 14% larger, the paper (which
    # deflates it again) under 5%, its pixels the same.
    image.save(out, compress_level=3)
    return out.getvalue()


class _Named(io.BytesIO):
    """A PNG in memory, named as a file: Pillow then takes the format from the name and imports
    its PNG writer alone; told ``format="PNG"`` it imports five (BMP, GIF, JPEG, PPM; ~7 ms)."""

    name = "chart.png"


def _bar(draw: ImageDraw.ImageDraw, row: ShareRow, top: float) -> None:
    counts = row.counts
    x: float = _LABEL * _SCALE
    for rag in ALL_RAGS:
        count = counts.count(rag)
        if not count:
            continue
        width = _BAR * _SCALE * counts.share(rag)
        box = [x, top, x + width, top + 20 * _SCALE]
        draw.rectangle(box, fill=FILLS[rag.label], outline="black", width=_SCALE)
        for text in (f"{rag.label} {count}", str(count)):
            if draw.textlength(text, font=_font(9)) + 6 * _SCALE <= width:
                draw.text((x + width / 2, top + 10 * _SCALE), text, fill="black",
                          font=_font(9), anchor="mm")  # fmt: skip
                break
        x += width
    total = f"{counts.total} in all" if counts.total else "none"
    draw.text((x + 6 * _SCALE, top + 10 * _SCALE), total, fill="black", font=_font(9),
              anchor="lm")  # fmt: skip


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1].rstrip()
    return text + "…"


def chart_description(paper: Paper) -> str:
    """The chart's figures in words, for its alternative text."""
    parts = []
    for row in (*paper.shares, paper.total):
        counts = row.counts
        figures = ", ".join(
            f"{counts.count(rag)} {rag.label} ({row.shares[i]}%)" for i, rag in enumerate(ALL_RAGS)
        )
        parts.append(f"{row.name}: {counts.total} deliverables, {figures}")
    return "Stacked bar chart of RAG ratings by objective, each bar 100%. " + "; ".join(parts) + "."

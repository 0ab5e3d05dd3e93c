"""How a RAG looks on screen: a coloured pill that always carries the word, and the objective bar.

The pill's fill and text colours are fixed pairs chosen to read on light and
dark window palettes alike; everything around them follows the palette.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)

from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.summary import RagCounts

#: Fill and text colour of each rated pill (contrast at least 4.5:1 within each pair).
PILL_COLOURS: dict[Rag, tuple[str, str]] = {
    Rag.GREEN: ("#1e7b3a", "#ffffff"),
    Rag.AMBER: ("#f0ad1c", "#1d1d1d"),
    Rag.RED: ("#c62828", "#ffffff"),
}
_PAD_X = 8
_PAD_Y = 1


def pill_font(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def pill_size(font: QFont, rag: Rag) -> QSize:
    metrics = QFontMetrics(pill_font(font))
    return QSize(metrics.horizontalAdvance(rag.label) + 2 * _PAD_X, metrics.height() + 2 * _PAD_Y)


def widest_pill(font: QFont) -> int:
    return max(pill_size(font, rag).width() for rag in ALL_RAGS)


def _colours(rag: Rag, palette: QPalette) -> tuple[QColor | None, QColor, QColor | None]:
    """(fill, text, outline) of a pill; "Not rated" is an outline in the palette's text colour."""
    if rag in PILL_COLOURS:
        fill, text = PILL_COLOURS[rag]
        return QColor(fill), QColor(text), None
    ink = palette.color(QPalette.ColorRole.Text)
    return None, ink, ink


def paint_pill(
    painter: QPainter, rect: QRectF, rag: Rag, palette: QPalette, font: QFont, *, left: float = 4
) -> None:
    """Draw the RAG pill at the left of ``rect``, centred vertically.

    Pills are drawn once per look (rating, font, colours, screen density) and
    then copied: a table of thousands of rows paints dozens at every scroll.
    """
    _, ink, _ = _colours(rag, palette)
    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    pixmap = _pill_pixmap(rag, font.toString(), ink.rgba(), ratio)
    height = pixmap.height() / ratio
    painter.drawPixmap(QPointF(rect.left() + left, rect.center().y() - height / 2), pixmap)


@functools.lru_cache(maxsize=128)
def _pill_pixmap(rag: Rag, font_text: str, ink: int, ratio: float) -> QPixmap:
    font = QFont()
    font.fromString(font_text)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor.fromRgba(ink))
    size = pill_size(font, rag)
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    pill = QRectF(0, 0, size.width(), size.height())
    fill, text, outline = _colours(rag, palette)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if fill is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
    else:
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pill.adjust(0.5, 0.5, -0.5, -0.5)
    radius = size.height() / 2
    painter.drawRoundedRect(pill, radius, radius)
    painter.setPen(text)
    painter.setFont(pill_font(font))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, rag.label)
    painter.end()
    return pixmap


def pill_icon(rag: Rag, palette: QPalette, size: int = 14) -> QIcon:
    """A small round swatch of the RAG's colour, for menus, combo boxes and toggle buttons."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill, _, outline = _colours(rag, palette)
    painter.setPen(outline if outline is not None else Qt.PenStyle.NoPen)
    painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
    painter.end()
    return QIcon(pixmap)


def describe_counts(counts: RagCounts) -> str:
    """Counts in words, for tooltips and screen readers: "5 GREEN, 2 AMBER, 0 RED, 1 Not rated"."""
    words = ", ".join(f"{counts.count(rag)} {rag.label}" for rag in ALL_RAGS)
    return f"{words}; {counts.overdue} overdue" if counts.overdue else words


def paint_rag_bar(
    painter: QPainter, rect: QRectF, counts: RagCounts, palette: QPalette, font: QFont
) -> None:
    """A bar split in proportion to the counts, each segment showing its number."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = rect.height() / 2
    if counts.total == 0:
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "no deliverables")
        painter.restore()
        return
    clip = QPainterPath()
    clip.addRoundedRect(rect, radius, radius)
    painter.setClipPath(clip)
    bold = pill_font(font)
    metrics = QFontMetrics(bold)
    present = [rag for rag in ALL_RAGS if counts.count(rag)]
    widths = _segment_widths(
        rect.width(),
        [counts.count(rag) for rag in present],
        [metrics.horizontalAdvance(str(counts.count(rag))) + 6 for rag in present],
    )
    x = rect.left()
    painter.setFont(bold)
    for rag, width in zip(present, widths, strict=True):
        segment = QRectF(x, rect.top(), width, rect.height())
        fill, text, _ = _colours(rag, palette)
        # Filled with the brush, not fillRect: choosing among fillRect's overloads makes
        # PySide build QGradient's five enums, some 3 ms in the first frame.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill if fill is not None else palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(segment)
        painter.setPen(text if fill is not None else palette.color(QPalette.ColorRole.Text))
        painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, str(counts.count(rag)))
        x += width
    painter.restore()


def _segment_widths(total: float, counts: list[int], minimum: list[int]) -> list[float]:
    """Widths in proportion to counts, but never narrower than the number they show."""
    if sum(minimum) > total:
        return [total * n / sum(counts) for n in counts]
    fixed: set[int] = set()
    while True:
        spare = total - sum(minimum[i] for i in fixed)
        free = sum(n for i, n in enumerate(counts) if i not in fixed)
        widths = [
            float(minimum[i]) if i in fixed or not free else spare * n / free
            for i, n in enumerate(counts)
        ]
        short = {i for i, width in enumerate(widths) if i not in fixed and width < minimum[i]}
        if not short:
            return widths
        fixed |= short

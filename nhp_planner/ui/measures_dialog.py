"""The plan's performance measures: each one's SPC chart beside its table of values.

Read-only: values come in through ``nhp-planner measures import`` or ``set``
(issue 21). The chart is the pack's own picture (the same drawing, as PNG), so
the window shows exactly what the committee will read; its alternative text is
the chart's accessible description and tooltip.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.io.measures_paper import MeasureContent, measures_content
from nhp_planner.io.spc_chart import alt_text, spc_png
from nhp_planner.model.measures import Measure
from nhp_planner.model.plural import counted
from nhp_planner.ui.screen_fit import available_room, fit_to_screen
from nhp_planner.ui.text_table import text_table

#: The chart's resolution on screen: sharp on a laptop without a huge image.
CHART_DPI = 110


class ChartPicture(QLabel):
    """The chart drawn whole in the room it has: scaled down (never up), keeping its shape.

    Shown at its own size in a scroll area, a laptop at 150% scrolled its legend, its
    limits' labels and its periods out of sight; shrunk, every part of it is on show.
    A label still, so a screen reader meets a picture with its description.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _natural(self) -> QSize:
        """The chart's own size in the widget's (device-independent) pixels."""
        return self.pixmap().deviceIndependentSize().toSize()

    def sizeHint(self) -> QSize:
        return self._natural()

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() / 3

    def hasHeightForWidth(self) -> bool:
        return not self.pixmap().isNull()

    def heightForWidth(self, width: int) -> int:
        natural = self._natural()
        if natural.isEmpty():
            return 0
        return min(width, natural.width()) * natural.height() // natural.width()

    def picture_rect(self) -> QRect:
        """Where the chart is drawn: the largest rectangle of its shape that fits, top left."""
        natural = self._natural()
        if natural.isEmpty():
            return QRect()
        room = self.size().boundedTo(natural)
        return QRect(QPoint(0, 0), natural.scaled(room, Qt.AspectRatioMode.KeepAspectRatio))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.pixmap().isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(self.picture_rect(), self.pixmap())


class MeasuresDialog(QDialog):
    """A list of measures; for the one chosen, its chart, change and exceptions, and its values."""

    def __init__(
        self, measures: list[Measure], as_at: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Performance Measures")
        fit_to_screen(self, 1280, 760)
        self.contents: list[MeasureContent] = measures_content(measures, as_at)
        self.measure_list = QListWidget(self)
        self.measure_list.setObjectName("measure_list")
        self.measure_list.setWordWrap(True)  # a quarter of a laptop is narrow for a name
        for content in self.contents:
            count = len(content.exceptions)
            self.measure_list.addItem(f"{content.heading} ({counted(count, 'exception')})")
        self.chart = ChartPicture(self)
        self.chart.setObjectName("measure_chart")
        # Under half the screen's height: on a short one the values keep a few rows.
        self.chart.setMaximumHeight(available_room(self).height() * 45 // 100)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.values: QTableWidget = text_table(self, ("Period", "Value", "Reasons", "Response"), [])

        detail = QWidget(self)
        detail_layout = self._detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.chart)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.values, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.measure_list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        # The list a quarter of a laptop's width at most: the chart needs the rest.
        listed = min(300, self.width() // 4)
        splitter.setSizes([listed, self.width() - listed])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not self.contents:
            empty = QLabel(
                "The plan has no performance measures yet. Add them with "
                "<tt>nhp-planner measures add</tt> or import a tracker with "
                "<tt>nhp-planner measures import</tt>.",
                self,
            )
            empty.setWordWrap(True)  # on one line, wider than a laptop at 150%
            layout.addWidget(empty)
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.measure_list.currentRowChanged.connect(self._on_measure_list_current_row_changed)
        if self.contents:
            self.measure_list.setCurrentRow(0)

    def _on_measure_list_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.contents):
            return
        content = self.contents[row]
        reading = content.reading
        # Drawn for the screen's pixels (sharp at 150%), its size on screen as at 100%.
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap()
        pixmap.loadFromData(spc_png(reading, dpi=round(CHART_DPI * ratio)), "PNG")
        pixmap.setDevicePixelRatio(ratio)
        self.chart.setPixmap(pixmap)
        described = alt_text(reading)
        self.chart.setToolTip(described)
        self.chart.setAccessibleName(f"SPC chart: {content.heading}")
        self.chart.setAccessibleDescription(described)
        lines = [f"<b>{html.escape(content.heading)}</b>: {html.escape(content.about)}"]
        lines.append(html.escape(content.change))
        lines += [html.escape(line) for line in content.exceptions] or ["No exceptions."]
        self.summary.setText("<br>".join(lines))
        measure = content.measure
        rows = []
        for period in reversed(reading.periods):
            value = measure.values.get(period)
            story = measure.narratives.get(period)
            rows.append(
                [
                    period.label,
                    measure.unit.show(value) if value is not None else "no value",
                    story.reasons if story else "",
                    story.response if story else "",
                ]
            )
        self._fill(rows)

    def _fill(self, rows: list[list[str]]) -> None:
        """The values table, newest first (rebuilt through the shared text table)."""
        fresh = text_table(self, ("Period", "Value", "Reasons", "Response"), rows, stretch=(2, 3))
        fresh.setObjectName("measure_values")
        self._detail_layout.replaceWidget(self.values, fresh)
        # Hidden now: deleteLater waits for the event loop, and until then it would show.
        self.values.hide()
        self.values.deleteLater()
        self.values = fresh

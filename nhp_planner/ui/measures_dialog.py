"""The plan's performance measures: each one's SPC chart beside its table of values.

Read-only: values come in through ``nhp-planner measures import`` or ``set``
(issue 21). The chart is the pack's own picture (the same drawing, as PNG), so
the window shows exactly what the committee will read; its alternative text is
the chart's accessible description and tooltip.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
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
        for content in self.contents:
            count = len(content.exceptions)
            self.measure_list.addItem(f"{content.heading} ({counted(count, 'exception')})")
        self.chart = QLabel(self)
        self.chart.setObjectName("measure_chart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.values: QTableWidget = text_table(self, ("Period", "Value", "Reasons", "Response"), [])

        detail = QWidget(self)
        detail_layout = self._detail_layout = QVBoxLayout(detail)
        # The chart at its own size, scrolled where the screen is smaller (a laptop at 150%).
        chart_area = self._chart_area = QScrollArea(detail)
        chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        chart_area.setWidgetResizable(True)
        chart_area.setWidget(self.chart)
        detail_layout.addWidget(chart_area)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.values, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.measure_list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not self.contents:
            layout.addWidget(
                QLabel(
                    "The plan has no performance measures yet. Add them with "
                    "<tt>nhp-planner measures add</tt> or import a tracker with "
                    "<tt>nhp-planner measures import</tt>.",
                    self,
                )
            )
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
        pixmap = QPixmap()
        pixmap.loadFromData(spc_png(reading, dpi=CHART_DPI), "PNG")
        self.chart.setPixmap(pixmap)
        # All of the chart's height where there is room, else under half the screen's.
        bar = self._chart_area.horizontalScrollBar().sizeHint().height()
        room = available_room(self).height() * 45 // 100
        self._chart_area.setMinimumHeight(min(pixmap.height() + bar, room))
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

"""One deliverable's history: how it stood in every period, and every change made to it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from nhp_planner.model.wording import field_name, short, value_text, when_text
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.screen_fit import fit_to_screen
from nhp_planner.ui.text_table import text_table


def _period_label(key: str | None) -> str:
    return ReportingPeriod.parse(key).label if key else "Whole plan"


class HistoryDialog(QDialog):
    """Two tabs: the deliverable period by period, and the change history (newest first).

    Reads the store afresh when opened, so it shows what the file holds,
    including changes that came in from merged copies.
    """

    def __init__(
        self, store: PlanStore, deliverable_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        history = store.deliverable_history(deliverable_id)
        latest = history[-1][1] if history else None
        ref = latest.ref if latest else "?"
        self.setWindowTitle(f"History of Deliverable {ref}")
        fit_to_screen(self, 940, 620)
        heading = QLabel(self)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        commitment = html.escape(short(latest.commitment, 300)) if latest else ""
        heading.setText(f"<b>Deliverable {html.escape(ref)}</b>: {commitment}")

        rows = []
        for period, deliverable in reversed(history):
            updated = when_text(deliverable.updated_at) if deliverable.updated_at else "Not updated"
            rows.append(
                [
                    period.label,
                    deliverable.rag.label,
                    deliverable.date_text or "",
                    updated,
                    deliverable.summary_position or "",
                ]
            )
        self.periods = text_table(
            self, ["Period", "RAG", "Date", "Updated", "Summary position"], rows, wrap=True
        )
        self.periods.setAccessibleName("Period by period")
        for row, (_, deliverable) in enumerate(reversed(history)):
            item = self.periods.item(row, 1)
            if item is not None:
                item.setIcon(pill_icon(deliverable.rag, self.palette()))

        changes = sorted(store.changes(deliverable_id), key=lambda c: c.at, reverse=True)
        self.changes = text_table(
            self,
            ["When", "Who", "Period", "What", "From", "To"],
            [
                [
                    when_text(change.at),
                    change.by,
                    _period_label(change.period),
                    field_name(change.field),
                    value_text(change.field, change.old) if change.old is not None else "",
                    value_text(change.field, change.new) if change.new is not None else "",
                ]
                for change in changes
            ],
            wrap=True,
            stretch=(4, 5),
        )
        self.changes.setAccessibleName("Change history")

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.periods, f"By &Period ({len(history)})")
        self.tabs.addTab(self.changes, f"&Changes ({len(changes)})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

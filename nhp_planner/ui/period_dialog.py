"""Starting a new reporting period: which month, and what starting it does."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.ui.screen_fit import fit_height, fit_to_screen

#: How many months after the latest period the new one may be.
_MONTHS_AHEAD = 12


def default_new_period(latest: ReportingPeriod | None, today: dt.date) -> ReportingPeriod:
    """The month after the latest period; this month if the plan has fallen behind the calendar."""
    this_month = ReportingPeriod.containing(today)
    if latest is None:
        return this_month
    return this_month if this_month > latest else latest.next()


class NewPeriodDialog(QDialog):
    def __init__(
        self,
        latest: ReportingPeriod | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start New Period")
        fit_to_screen(self, 520)
        self.period = QComboBox(self)
        self.period.setAccessibleName("New reporting period")
        chosen = default_new_period(latest, today)
        month = latest.next() if latest is not None else chosen
        for _ in range(_MONTHS_AHEAD):
            self.period.addItem(month.label, month)
            month = month.next()
        self.period.setCurrentIndex(max(0, self.period.findData(chosen)))
        label = QLabel("&Period:", self)
        label.setBuddy(self.period)
        form = QFormLayout()
        form.addRow(label, self.period)
        kept = html.escape(latest.label) if latest is not None else "Earlier periods"
        self.explain = QLabel(
            "Every deliverable's RAG, date and summary position carries forward as the "
            "starting point, marked <i>not yet updated</i> until its lead updates it. "
            f"{kept} stays exactly as it was, read-only unless you reopen it.",
            self,
        )
        self.explain.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start Period")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.explain)
        layout.addWidget(self.buttons)
        fit_height(self)

    def chosen(self) -> ReportingPeriod:
        period: ReportingPeriod = self.period.currentData()
        return period


def ask_new_period(
    parent: QWidget | None, latest: ReportingPeriod | None, today: dt.date
) -> ReportingPeriod | None:
    """The month to start, or None if the person cancels."""
    dialog = NewPeriodDialog(latest, today, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.chosen() if accepted else None

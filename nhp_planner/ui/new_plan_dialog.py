"""Starting a new plan: its title, force, owner, first reporting period and where to keep it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.paths import PLAN_SUFFIX, with_suffix_added
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.screen_fit import fit_to_screen

DEFAULT_TITLE = "Neighbourhood Policing Strategy delivery plan"
#: How many months either side of this one the first period may be.
_MONTHS_AROUND = 12


@dataclass(frozen=True, slots=True)
class NewPlanRequest:
    path: Path
    title: str
    force: str | None
    owner: str | None
    period: ReportingPeriod


class NewPlanDialog(QDialog):
    def __init__(self, folder: Path, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Plan")
        fit_to_screen(self, 560)
        self._folder = folder
        self.title = QLineEdit(DEFAULT_TITLE, self)
        self.title.setAccessibleName("Title")
        self.force = QLineEdit(self)
        self.force.setAccessibleName("Force")
        self.force.setPlaceholderText("e.g. Harrowdale Constabulary")
        self.owner = QLineEdit(self)
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("e.g. Strategy & Planning")
        self.period = QComboBox(self)
        self.period.setAccessibleName("First reporting period")
        month = ReportingPeriod.containing(today)
        for _ in range(_MONTHS_AROUND):
            month = ReportingPeriod(month.year - (month.month == 1), (month.month - 2) % 12 + 1)
        for _ in range(2 * _MONTHS_AROUND + 1):
            self.period.addItem(month.label, month)
            month = month.next()
        self.period.setCurrentIndex(_MONTHS_AROUND)  # this month, in the middle
        self.path = QLineEdit(self)
        self.path.setAccessibleName("Plan file")
        self.path.setPlaceholderText("Where to keep the plan (.nhp)")
        choose = QPushButton("&Choose…", self)
        choose.clicked.connect(self._on_choose_clicked)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)

        form = QFormLayout()
        for text, widget in (
            ("&Title:", self.title),
            ("&Force:", self.force),
            ("&Owner:", self.owner),
            ("First &reporting period:", self.period),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        file_label = QLabel("&Plan file:", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create Plan")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for line in (self.title, self.path):
            line.textChanged.connect(self._update_ok)
        self._update_ok()

    def request(self) -> NewPlanRequest:
        return NewPlanRequest(
            path=with_suffix_added(Path(self.path.text().strip()).expanduser(), PLAN_SUFFIX),
            title=self.title.text().strip(),
            force=self.force.text().strip() or None,
            owner=self.owner.text().strip() or None,
            period=self.period.currentData(),
        )

    def _update_ok(self) -> None:
        ready = bool(self.title.text().strip() and self.path.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def _on_choose_clicked(self) -> None:
        name = self.title.text().strip() or "plan"
        chosen = file_dialogs.ask_save_path(
            self, "New Plan", self._folder / f"{name}.nhp", file_dialogs.PLAN_FILTER, ".nhp"
        )
        if chosen is not None:
            self.path.setText(str(chosen))


def ask_new_plan(parent: QWidget | None, folder: Path, today: dt.date) -> NewPlanRequest | None:
    dialog = NewPlanDialog(folder, today, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.request() if accepted else None

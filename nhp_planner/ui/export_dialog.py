"""Exporting an Excel tracker: where to write it, and for everyone or one lead's return."""

from __future__ import annotations

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

from nhp_planner.ui import file_dialogs

EVERYONE = "Everyone (the whole plan)"


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: Path
    #: Only this lead's deliverables (an update return), or None for the whole plan.
    lead: str | None


class ExportDialog(QDialog):
    def __init__(self, suggested: Path, leads: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Excel Tracker")
        self.setMinimumWidth(560)
        self.lead = QComboBox(self)
        self.lead.setAccessibleName("For")
        self.lead.addItem(EVERYONE)
        for lead in leads:
            self.lead.addItem(lead, lead)
        self.path = QLineEdit(str(suggested), self)
        self.path.setAccessibleName("Tracker file")
        choose = QPushButton("&Choose…", self)
        choose.clicked.connect(self._on_choose_clicked)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        explain = QLabel(
            "A tracker for one lead holds only their deliverables: the return they fill in "
            "and send back for import.",
            self,
        )
        explain.setWordWrap(True)
        explain.setEnabled(False)
        form = QFormLayout()
        for text, widget in (("&For:", self.lead),):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        file_label = QLabel("&Tracker file:", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)
        form.addRow(explain)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def request(self) -> ExportRequest:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        lead = None if self.lead.currentIndex() <= 0 else self.lead.currentData()
        return ExportRequest(path, lead)

    def _on_choose_clicked(self) -> None:
        current = Path(self.path.text().strip() or "tracker.xlsx")
        chosen = file_dialogs.ask_save_path(
            self, "Export Excel Tracker", current, file_dialogs.XLSX_FILTER, ".xlsx"
        )
        if chosen is not None:
            self.path.setText(str(chosen))


def ask_export(parent: QWidget | None, suggested: Path, leads: list[str]) -> ExportRequest | None:
    dialog = ExportDialog(suggested, leads, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.request() if accepted else None

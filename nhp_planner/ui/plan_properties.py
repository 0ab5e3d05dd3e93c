"""Plan ▸ Properties: the plan's title, force, owner and the wording of its RAG key."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.entities import Plan
from nhp_planner.model.rag import RagKey
from nhp_planner.ui.note_label import note_label
from nhp_planner.ui.screen_fit import fit_height, fit_to_screen


class PlanPropertiesDialog(QDialog):
    """The plan's own fields, as printed on every board pack and tracker."""

    def __init__(self, plan: Plan, parent: QWidget | None = None, *, read_only: bool = False):
        super().__init__(parent)
        self._plan = plan
        self.setWindowTitle("Plan Properties")
        fit_to_screen(self, 560)
        self.title = self._line(plan.title, "Title")
        self.force = self._line(plan.force or "", "Force")
        self.owner = self._line(plan.owner or "", "Owner")
        self.green = self._line(plan.rag_key.green, "Meaning of GREEN")
        self.amber = self._line(plan.rag_key.amber, "Meaning of AMBER")
        self.red = self._line(plan.rag_key.red, "Meaning of RED")
        form = QFormLayout()
        for text, field in (
            ("&Title:", self.title),
            ("&Force:", self.force),
            ("&Owner:", self.owner),
            ("&GREEN means:", self.green),
            ("&AMBER means:", self.amber),
            ("&RED means:", self.red),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
            field.setReadOnly(read_only)
        note = note_label(
            "The RAG key's wording is printed with every board pack and tracker, and shown "
            "beside the RAG in the editor.",
            self,
        )
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Close
            if read_only
            else QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for field in (self.title, self.green, self.amber, self.red):
            field.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_height(self)

    def _line(self, text: str, name: str) -> QLineEdit:
        line = QLineEdit(text, self)
        line.setAccessibleName(name)
        line.setCursorPosition(0)  # a long title shows its start, not its tail
        return line

    def _check(self) -> None:
        """The title and each RAG's meaning cannot be blank."""
        if self.ok is not None:
            needed = (self.title, self.green, self.amber, self.red)
            self.ok.setEnabled(all(field.text().strip() for field in needed))

    def plan(self) -> Plan:
        """The plan with the fields as they are now in the dialog."""
        return replace(
            self._plan,
            title=self.title.text().strip(),
            force=self.force.text().strip() or None,
            owner=self.owner.text().strip() or None,
            rag_key=RagKey(
                green=self.green.text().strip(),
                amber=self.amber.text().strip(),
                red=self.red.text().strip(),
            ),
        )

"""Files made for everyone or for one lead: an exported tracker, a copy of the plan to send."""

from __future__ import annotations

from collections.abc import Callable
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
from nhp_planner.ui.note_label import note_label
from nhp_planner.ui.screen_fit import fit_height, fit_to_screen

EVERYONE = "Everyone (the whole plan)"


@dataclass(frozen=True, slots=True)
class FileKind:
    """What the dialog makes, in words and file type."""

    title: str
    file_label: str
    explain: str
    action: str
    suffix: str
    file_filter: str
    #: The file must not exist yet (a copy is never written over another file).
    must_be_new: bool = False


TRACKER = FileKind(
    title="Export Excel Tracker",
    file_label="&Tracker file:",
    explain="A tracker for one lead holds only their deliverables: the return they fill in "
    "and send back for import.",
    action="Export",
    suffix=".xlsx",
    file_filter=file_dialogs.XLSX_FILTER,
)
PLAN_COPY = FileKind(
    title="Send Copy to Lead",
    file_label="&Copy file:",
    explain="The copy holds the whole plan, for updating offline (no network needed). Made for "
    "one lead, it opens showing only their deliverables. When it comes back, merge it in with "
    "File ▸ Merge Copy: nothing either of you changed is lost.",
    action="Make Copy",
    suffix=".nhp",
    file_filter=file_dialogs.PLAN_FILTER,
    must_be_new=True,
)


@dataclass(frozen=True, slots=True)
class LeadFileRequest:
    path: Path
    #: Only this lead's deliverables (an update return), or None for the whole plan.
    lead: str | None


class LeadFileDialog(QDialog):
    def __init__(
        self,
        suggested: Path,
        leads: list[str],
        parent: QWidget | None = None,
        kind: FileKind = TRACKER,
        name_for: Callable[[str | None], str] | None = None,
    ) -> None:
        """``name_for`` gives the file's name (no suffix) for a lead, or None for everyone:
        choosing a lead renames the suggested file, until the person types a name."""
        super().__init__(parent)
        self._kind = kind
        self._name_for = name_for
        self._named_by_hand = False
        self.setWindowTitle(kind.title)
        fit_to_screen(self, 560)
        self.lead = QComboBox(self)
        self.lead.setAccessibleName("For")
        self.lead.addItem(EVERYONE)
        for lead in leads:
            self.lead.addItem(lead, lead)
        self.path = QLineEdit(str(suggested), self)
        self.path.setAccessibleName(kind.file_label.replace("&", "").rstrip(":"))
        self.path.textEdited.connect(self._on_named_by_hand)
        self.lead.currentIndexChanged.connect(self._on_lead_chosen)
        #: Why the file cannot be written there, said before the dialog closes.
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        choose = QPushButton("&Choose…", self)
        choose.clicked.connect(self._on_choose_clicked)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        explain = note_label(kind.explain, self)
        form = QFormLayout()
        for text, widget in (("&For:", self.lead),):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        file_label = QLabel(kind.file_label, self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)
        form.addRow(explain)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(kind.action)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        fit_height(self)

    def request(self) -> LeadFileRequest:
        path = Path(self.path.text().strip()).expanduser()
        suffix = self._kind.suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        lead = None if self.lead.currentIndex() <= 0 else self.lead.currentData()
        return LeadFileRequest(path, lead)

    def _on_named_by_hand(self) -> None:
        self._named_by_hand = True

    def _on_lead_chosen(self) -> None:
        if self._name_for is None or self._named_by_hand:
            return
        lead = None if self.lead.currentIndex() <= 0 else self.lead.currentData()
        folder = Path(self.path.text().strip()).expanduser().parent
        self.path.setText(str(folder / f"{self._name_for(lead)}{self._kind.suffix}"))

    def _on_accepted(self) -> None:
        path = self.request().path
        if self._kind.must_be_new and path.exists():
            self.problem.setText(
                f"⚠ {path.name} already exists in {path.parent}: choose another name."
            )
        elif not path.parent.is_dir():
            self.problem.setText(f"⚠ The folder {path.parent} does not exist.")
        else:
            self.accept()
            return
        self.problem.show()
        self.path.setFocus()
        self.path.selectAll()

    def _on_choose_clicked(self) -> None:
        kind = self._kind
        current = Path(self.path.text().strip() or f"plan{kind.suffix}")
        chosen = file_dialogs.ask_save_path(
            self, kind.title, current, kind.file_filter, kind.suffix
        )
        if chosen is not None:
            self.path.setText(str(chosen))


def ask_export(
    parent: QWidget | None,
    suggested: Path,
    leads: list[str],
    name_for: Callable[[str | None], str] | None = None,
) -> LeadFileRequest | None:
    """Where to export the tracker, and for whom; None if the person cancels."""
    dialog = LeadFileDialog(suggested, leads, parent, name_for=name_for)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.request() if accepted else None


def ask_copy(
    parent: QWidget | None,
    suggested: Path,
    leads: list[str],
    name_for: Callable[[str | None], str] | None = None,
) -> LeadFileRequest | None:
    """Where to write a copy of the plan, and for which lead; None if the person cancels."""
    dialog = LeadFileDialog(suggested, leads, parent, PLAN_COPY, name_for)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.request() if accepted else None

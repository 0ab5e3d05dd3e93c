"""Merging a copy of the plan: what it would bring in, then the merge, then its conflicts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.errors import NhpError
from nhp_planner.model.merge import MergeResult
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.ui import messages
from nhp_planner.ui.conflicts_panel import ConflictsPanel
from nhp_planner.ui.screen_fit import fit_to_screen
from nhp_planner.ui.session import PlanSession
from nhp_planner.ui.text_table import text_table
from nhp_planner.ui.wording import field_name, short, value_text


def _change_rows(preview: MergeResult) -> list[list[str]]:
    """Each change the merge would make, as [item, what, new value] for people, in the order
    of the items (Deliverable 1.9 before 1.10)."""
    merge = preview.plan
    labels = preview.labels
    rows = [[labels.get(row, row[0]), "Added", ""] for row in merge.inserts]
    rows += [
        [labels.get(u.row, u.row[0]), field_name(u.field), value_text(u.field, u.value)]
        for u in merge.updates
    ]
    rows += [[labels.get(row, row[0]), "Removed", ""] for row in merge.deletes]
    rows += [
        [
            c.label,
            f"{field_name(c.field)}: conflict",
            f"here “{short(value_text(c.field, c.mine), 40)}”, "
            f"in the copy “{short(value_text(c.field, c.theirs), 40)}”",
        ]
        for c in merge.conflicts
    ]
    return sorted(rows, key=lambda row: ref_sort_key(row[0]))


def _paragraph(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class MergeDialog(QDialog):
    """First the dry run's preview, with Merge and Cancel; after merging, what came in and
    the conflicts to resolve, there and then or later (File ▸ Resolve Conflicts)."""

    def __init__(
        self, session: PlanSession, preview: MergeResult, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._preview = preview
        self.setWindowTitle(f"Merge {preview.source.name}")
        fit_to_screen(self, 980, 680)

        self.preview_text = _paragraph(preview.describe(applied=False), self)
        # Wrapped, whole: a summary a lead added a sentence to shows the sentence.
        self.changes = text_table(
            self, ["Item", "Change", "Value"], _change_rows(preview), wrap=True
        )
        self.changes.setAccessibleName("Changes the merge would make")
        self.result_text = _paragraph("", self)
        self.conflicts = ConflictsPanel(session, self)
        self.pages = QStackedWidget(self)
        for text, table in ((self.preview_text, self.changes), (self.result_text, self.conflicts)):
            page = QWidget(self)
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            page_layout.addWidget(text)
            page_layout.addWidget(table, 1)
            self.pages.addWidget(page)

        self.buttons = QDialogButtonBox(self)
        self.merge_button: QPushButton = self.buttons.addButton(
            "&Merge", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.merge_button.setDefault(True)
        self.merge_button.setEnabled(not preview.changed_nothing and not session.read_only)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.merge_button.clicked.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

    def merge(self) -> None:
        """Merge the copy in (one transaction), then show what happened and any conflicts."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._session.merge(self._preview.source)
        except NhpError as error:
            QGuiApplication.restoreOverrideCursor()
            messages.show_error(self, "Nothing was merged.", error)
            return
        QGuiApplication.restoreOverrideCursor()
        self.result_text.setText(result.describe(applied=True))
        self.conflicts.refresh()
        self.conflicts.setVisible(bool(self.conflicts.conflicts))
        self.pages.setCurrentIndex(1)
        self.merge_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)


class ConflictsDialog(QDialog):
    """File ▸ Resolve Conflicts: every unresolved conflict, from any merge."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve Merge Conflicts")
        fit_to_screen(self, 980, 640)
        self.panel = ConflictsPanel(session, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)

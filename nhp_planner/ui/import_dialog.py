"""The import preview: what was read from a tracker and what it would change, before it does."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.io.importing import ImportPreview
from nhp_planner.model.rag import ALL_RAGS
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.screen_fit import fit_to_screen
from nhp_planner.ui.text_table import text_table
from nhp_planner.ui.wording import FIELD_NAMES, short


class ImportDialog(QDialog):
    """Shows an ImportPreview; accepting it is the person's go-ahead to change the plan."""

    def __init__(
        self, preview: ImportPreview, parent: QWidget | None = None, *, new_plan: bool = False
    ) -> None:
        super().__init__(parent)
        reading = preview.reading
        diff = preview.diff
        snapshot = reading.document.snapshot
        self.setWindowTitle(f"Import {reading.source.name}")
        fit_to_screen(self, 820, 560)

        target = "a new plan" if new_plan else "this plan"
        when = f", {preview.period.label}" if preview.period else ""
        objectives = len({d.objective for d in snapshot.deliverables})
        self.heading = QLabel(
            f"<b>{len(snapshot.deliverables)} deliverables in {objectives} objectives</b> "
            f"read from {html.escape(reading.source.name)}, to go into {target}{when}.",
            self,
        )
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        counts = [
            f"{len(diff.new)} new",
            f"{len(diff.changed)} changed",
            f"{len(diff.unchanged)} unchanged",
        ]
        if diff.confirmed and not new_plan:
            counts.append(f"{len(diff.confirmed)} confirmed as updated")
        if diff.not_in_source:
            counts.append(
                f"{len(diff.not_in_source)} in the plan but not in the file (left as they are)"
            )
        self.counts = QLabel(", ".join(counts) + ".", self)
        self.counts.setWordWrap(True)
        note = QLabel(
            "Nothing changes until you choose Import. An import cannot be undone with "
            "Edit ▸ Undo, but the plan's change history keeps every earlier value.",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._rag_table(preview), "RAG by Objective")
        self.changes = self._changes_tree(preview)
        self.tabs.addTab(self.changes, f"Changes ({len(diff.new) + len(diff.changed)})")
        self.mapping = text_table(
            self,
            ["Column in the file", "Read as"],
            [[heading, FIELD_NAMES.get(field, field)] for heading, field in reading.mapping],
        )
        self.tabs.addTab(self.mapping, "Columns")
        self.warnings = text_table(
            self,
            ["Sheet", "Row", "Column", "Warning"],
            [
                [w.sheet or "", str(w.row or ""), w.column or "", w.message]
                for w in reading.warnings
            ],
        )
        self.tabs.addTab(self.warnings, f"Warnings ({len(reading.warnings)})")
        if not reading.mapping:
            self.tabs.setTabEnabled(2, False)
            self.tabs.setTabToolTip(2, "A plan JSON file has no columns to map.")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _rag_table(self, preview: ImportPreview) -> QTableWidget:
        snapshot = preview.reading.document.snapshot
        counts = preview.rag_counts()
        rows = []
        for number, per_rag in sorted(counts.items()):
            objective = snapshot.objective(number)
            title = objective.display_title if objective else f"Objective {number}"
            rows.append([f"{number}. {title}", *(str(per_rag[rag]) for rag in ALL_RAGS)])
        table = text_table(self, ["Objective", *(rag.label for rag in ALL_RAGS)], rows)
        for column, rag in enumerate(ALL_RAGS, start=1):
            header = table.horizontalHeaderItem(column)
            if header is not None:
                header.setIcon(pill_icon(rag, self.palette()))
            for row in range(table.rowCount()):
                item = table.item(row, column)
                if item is not None:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(False)
        return table

    def _changes_tree(self, preview: ImportPreview) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setHeaderLabels(["Deliverable", "Field", "Now", "From the file"])
        tree.setRootIsDecorated(True)
        tree.setUniformRowHeights(True)
        for change in preview.diff.changed:
            parent = QTreeWidgetItem(tree, [change.existing.ref, f"{len(change.changes)} changed"])
            for field_change in change.changes:
                QTreeWidgetItem(
                    parent,
                    [
                        "",
                        FIELD_NAMES.get(field_change.field, field_change.field),
                        short(field_change.old),
                        short(field_change.new),
                    ],
                )
        for deliverable in preview.diff.new:
            QTreeWidgetItem(tree, [deliverable.ref, "new", "", short(deliverable.commitment)])
        tree.expandAll()
        for column in range(3):
            tree.resizeColumnToContents(column)
        return tree


def ask_import_confirmation(
    parent: QWidget | None, preview: ImportPreview, *, new_plan: bool = False
) -> bool:
    """Show the preview; True when the person chooses Import."""
    return ImportDialog(preview, parent, new_plan=new_plan).exec() == QDialog.DialogCode.Accepted

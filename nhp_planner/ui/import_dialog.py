"""The import preview: what was read from a tracker and what it would change, before it does.

When the tracker leaves something to the person (which of several sheets to
read; what its own status words mean as RAG), the preview shows those choices
above the counts; each change reads the tracker again through ``repreview``,
so what is shown is always what Import would do.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.io.importing import ImportPreview
from nhp_planner.model.errors import NhpError
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.wording import FIELD_NAMES, short
from nhp_planner.ui.note_label import note_label
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.screen_fit import fit_to_screen
from nhp_planner.ui.text_table import text_table

#: Reads the tracker again with a sheet (None: the best) and answers for its RAG words.
Repreview = Callable[[str | None, Mapping[str, Rag]], ImportPreview]


def has_choices(preview: ImportPreview) -> bool:
    """Whether the tracker leaves the person something to choose before it can be imported."""
    where = preview.reading.read_from
    return bool(preview.questions) or (where is not None and len(where.tables) > 1)


class ImportChoices(QGroupBox):
    """The sheet to read and what each unsettled RAG word means, as the person chooses."""

    def __init__(self, preview: ImportPreview, parent: QWidget) -> None:
        super().__init__("Your choices", parent)
        form = QFormLayout(self)
        where = preview.reading.read_from
        self.sheet = QComboBox(self)
        self.sheet.setAccessibleName("Sheet to read")
        if where is not None and len(where.tables) > 1:
            self.sheet.addItems(list(where.tables))
            self.sheet.setCurrentText(where.sheets[0] if where.sheets else where.tables[0])
            form.addRow("Sheet to read:", self.sheet)
        else:
            self.sheet.hide()
        self.words: dict[str, QComboBox] = {}
        for question in preview.questions:
            box = QComboBox(self)
            for rag in ALL_RAGS:
                box.addItem(pill_icon(rag, self.palette()), rag.label, rag)
            box.setCurrentIndex(ALL_RAGS.index(question.proposed))
            box.setAccessibleName(f"RAG for '{question.word}'")
            box.setToolTip(str(question))
            rows = counted(question.count, "row")
            form.addRow(f"“{question.word}” ({rows}) means:", box)
            self.words[question.word] = box

    def chosen_sheet(self) -> str | None:
        return self.sheet.currentText() if self.sheet.count() else None

    def answers(self) -> dict[str, Rag]:
        return {word: box.currentData() for word, box in self.words.items()}


class ImportDialog(QDialog):
    """Shows an ImportPreview; accepting it is the person's go-ahead to change the plan.

    With ``repreview``, the tracker's choices (sheet, RAG words) are offered, and
    :attr:`preview` is what accepting imports: the tracker as last chosen.
    """

    def __init__(
        self,
        preview: ImportPreview,
        parent: QWidget | None = None,
        *,
        new_plan: bool = False,
        repreview: Repreview | None = None,
    ) -> None:
        super().__init__(parent)
        self.preview = preview
        self._repreview = repreview
        self.choices = (
            ImportChoices(preview, self) if repreview is not None and has_choices(preview) else None
        )
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
        note = note_label(
            "Nothing changes until you choose Import. An import cannot be undone with "
            "Edit ▸ Undo, but the plan's change history keeps every earlier value.",
            self,
        )

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
        warnings = reading.all_warnings
        self.warnings = text_table(
            self,
            ["Sheet", "Row", "Column", "Warning"],
            [[w.sheet or "", str(w.row or ""), w.column or "", w.message] for w in warnings],
        )
        self.tabs.addTab(self.warnings, f"Warnings ({len(warnings)})")
        if not reading.mapping:
            self.tabs.setTabEnabled(2, False)
            self.tabs.setTabToolTip(2, "A plan JSON file has no columns to map.")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if self.choices is not None:
            layout.addWidget(self.choices)
            self.choices.sheet.currentTextChanged.connect(self._choose)
            for box in self.choices.words.values():
                box.currentIndexChanged.connect(self._choose)
            self.problem = QLabel("", self)
            self.problem.setWordWrap(True)
            layout.addWidget(self.problem)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        if self.choices is not None and self.choices.words:
            self._choose()  # the counts as the proposed answers make them

    def _choose(self) -> None:
        """A choice changed: read the tracker as chosen, and show what it would import."""
        assert self._repreview is not None and self.choices is not None
        try:
            preview = self._repreview(self.choices.chosen_sheet(), self.choices.answers())
        except NhpError as error:
            self.problem.setText(str(error))
            self.import_button.setEnabled(False)
            return
        self.problem.setText("")
        self.import_button.setEnabled(True)
        self._show(preview)

    def _show(self, preview: ImportPreview) -> None:
        self.preview = preview
        snapshot = preview.reading.document.snapshot
        objectives = len({d.objective for d in snapshot.deliverables})
        diff = preview.diff
        self.heading.setText(
            f"<b>{len(snapshot.deliverables)} deliverables in {objectives} objectives</b> "
            f"read from {html.escape(preview.reading.source.name)}"
            + (f", {preview.period.label}." if preview.period else ".")
        )
        self.counts.setText(
            f"{len(diff.new)} new, {len(diff.changed)} changed, {len(diff.unchanged)} unchanged."
        )
        self.tabs.removeTab(0)
        self.tabs.insertTab(0, self._rag_table(preview), "RAG by Objective")
        self.tabs.setCurrentIndex(0)

    def accept(self) -> None:
        """Import the tracker as chosen: the RAG words answered as the boxes say."""
        if self.choices is not None and self._repreview is not None:
            try:
                self.preview = self._repreview(self.choices.chosen_sheet(), self.choices.answers())
            except NhpError as error:
                self.problem.setText(str(error))
                return
        super().accept()

    def _rag_table(self, preview: ImportPreview) -> QTableWidget:
        snapshot = preview.reading.document.snapshot
        counts = preview.rag_counts()
        rows = []
        for number, per_rag in sorted(counts.items()):
            objective = snapshot.objective(number)
            title = objective.display_title if objective else f"Objective {number}"
            rows.append([f"{number}. {title}", *(str(per_rag[rag]) for rag in ALL_RAGS)])
        # The titles take the width; each count's column is as wide as its heading.
        table = text_table(
            self, ["Objective", *(rag.label for rag in ALL_RAGS)], rows, stretch=(0,)
        )
        for column, rag in enumerate(ALL_RAGS, start=1):
            header = table.horizontalHeaderItem(column)
            if header is not None:
                header.setIcon(pill_icon(rag, self.palette()))
            for row in range(table.rowCount()):
                item = table.item(row, column)
                if item is not None:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
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


def ask_import_with_choices(
    parent: QWidget | None,
    preview: ImportPreview,
    repreview: Repreview,
    *,
    new_plan: bool = False,
) -> ImportPreview | None:
    """Show the preview with the tracker's choices; the preview as chosen, or None if cancelled."""
    dialog = ImportDialog(preview, parent, new_plan=new_plan, repreview=repreview)
    return dialog.preview if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_import_confirmation(
    parent: QWidget | None, preview: ImportPreview, *, new_plan: bool = False
) -> bool:
    """Show the preview; True when the person chooses Import."""
    return ImportDialog(preview, parent, new_plan=new_plan).exec() == QDialog.DialogCode.Accepted

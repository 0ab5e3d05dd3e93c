"""Merging a copy of the plan: what it would bring in, then the merge, then its conflicts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.diff import WordRun, word_diff
from nhp_planner.model.errors import NhpError
from nhp_planner.model.merge import MergeResult
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.wording import field_name, value_text
from nhp_planner.ui import messages
from nhp_planner.ui.conflicts_panel import ConflictsPanel
from nhp_planner.ui.roles import WORD_RUNS_ROLE
from nhp_planner.ui.screen_fit import fit_to_screen
from nhp_planner.ui.session import PlanSession
from nhp_planner.ui.text_table import text_table

_Index = QModelIndex | QPersistentModelIndex


#: The columns of the preview's table; the last two hold the two values, changes marked.
_HEADINGS = ("Item", "Change", "In this plan", "In the copy")
_VALUES = (2, 3)


def _change_rows(preview: MergeResult) -> list[list[str]]:
    """Each change the merge would make, as [item, what, value here, value in the copy] for
    people, in the order of the items (Deliverable 1.9 before 1.10)."""
    merge = preview.plan
    labels = preview.labels
    # A field in conflict is one row, the conflict's: the later value it takes until it is
    # chosen is one of the two shown there, not a change of its own beside it.
    conflicted = {((c.entity, c.entity_id, c.period), c.field) for c in merge.conflicts}
    rows = [[labels.get(row, row[0]), "Added", "", ""] for row in merge.inserts]
    rows += [
        [
            labels.get(u.row, u.row[0]),
            field_name(u.field),
            value_text(u.field, u.old),
            value_text(u.field, u.value),
        ]
        for u in merge.updates
        if (u.row, u.field) not in conflicted
    ]
    rows += [[labels.get(row, row[0]), "Removed", "", ""] for row in merge.deletes]
    rows += [
        [
            c.label,
            f"{field_name(c.field)}: conflict",
            value_text(c.field, c.mine),
            value_text(c.field, c.theirs),
        ]
        for c in merge.conflicts
    ]
    return sorted(rows, key=lambda row: ref_sort_key(row[0]))


def _mark_changes(table: QTableWidget, rows: list[list[str]]) -> None:
    """Give each row's two values their word runs, for :class:`WordRunsDelegate` to mark."""
    for r, row in enumerate(rows):
        here, there = (row[column] for column in _VALUES)
        if here or there:
            for column, runs in zip(_VALUES, word_diff(here, there), strict=True):
                item = table.item(r, column)
                if item is not None:
                    item.setData(WORD_RUNS_ROLE, runs)


def marked_document(runs: Sequence[WordRun], font: QFont, *, added: bool) -> QTextDocument:
    """A value's runs as a document: its changed words bold and underlined if ``added``,
    else struck through. User text goes in as text, never markup."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    cursor = QTextCursor(document)
    for run in runs:
        style = QTextCharFormat()
        if run.changed and added:
            style.setFontWeight(QFont.Weight.Bold)
            style.setFontUnderline(True)
        elif run.changed:
            style.setFontStrikeOut(True)
        cursor.insertText(run.text, style)
    return document


class WordRunsDelegate(QStyledItemDelegate):
    """Draws a value's WORD_RUNS_ROLE: the words the other value lacks struck through (the
    plan's, which the copy removes) or bold and underlined (the copy's additions), so the
    change reads in black and white and to colour-blind eyes; wrapped to the column, whole."""

    def _document(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument | None:
        runs: tuple[WordRun, ...] | None = index.data(WORD_RUNS_ROLE)
        if runs is None:
            return None
        return marked_document(runs, option.font, added=index.column() == _VALUES[1])

    @staticmethod
    def _margin(option: QStyleOptionViewItem) -> int:
        """The room the style leaves either side of a cell's text (as in plain cells)."""
        style = option.widget.style() if option.widget else QApplication.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        document = self._document(option, index)
        if document is None:
            super().paint(painter, option, index)
            return
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = ""  # the view's background, selection and focus frame, then the runs
        style = styled.widget.style() if styled.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, styled.widget)
        margin = self._margin(option)
        rect = option.rect.adjusted(margin, 1, -margin, -1)
        document.setTextWidth(rect.width())
        selected = bool(styled.state & QStyle.StateFlag.State_Selected)
        colour = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, styled.palette.color(colour))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        document = self._document(option, index)
        if document is None:
            return super().sizeHint(option, index)
        # A wrapping table asks with the column's width; a column fitting its contents, with none.
        margin = self._margin(option)
        width = option.rect.width() - 2 * margin
        document.setTextWidth(width if width > 0 else -1)
        size = document.size().toSize()
        return QSize(size.width() + 2 * margin, size.height() + 2)


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
        # Wrapped, whole, beside the plan's value: a sentence a lead added shows, marked.
        rows = _change_rows(preview)
        self.changes = text_table(self, _HEADINGS, rows, wrap=True, stretch=_VALUES)
        _mark_changes(self.changes, rows)
        for column in _VALUES:
            self.changes.setItemDelegateForColumn(column, WordRunsDelegate(self.changes))
        self.changes.setAccessibleName("Changes the merge would make")
        self.marks = _paragraph(
            "Struck through: words the copy removes or replaces. Bold and underlined: words "
            "the copy adds.",
            self,
        )
        self.result_text = _paragraph("", self)
        self.conflicts = ConflictsPanel(session, self)
        self.pages = QStackedWidget(self)
        for text, note, table in (
            (self.preview_text, self.marks, self.changes),
            (self.result_text, None, self.conflicts),
        ):
            page = QWidget(self)
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            page_layout.addWidget(text)
            if note is not None:
                page_layout.addWidget(note)
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

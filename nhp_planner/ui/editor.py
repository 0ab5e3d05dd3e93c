"""The detail editor: the selected deliverable with every field editable, saved as you type."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.entities import Deliverable
from nhp_planner.model.errors import NhpError
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.ui.deliverable_notes import ConflictNote, DeliverableNotes
from nhp_planner.ui.objective_model import objective_label
from nhp_planner.ui.pending_save import PendingSave
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.reviewed_button import ReviewedButton
from nhp_planner.ui.roles import MOVE_ROLE, OBJECT_ROLE

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession

#: The text fields, in Tab order with the RAG between lead and date.
TEXT_FIELDS = ("commitment", "lead", "date_text", "summary_position")
_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class _UndoKeysToWindow(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z reach the window's Undo and Redo from inside a text field.

    A focused text field would otherwise claim them for its own small undo
    history, and Edit > Undo and the keyboard would disagree.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _UNDO_KEYS)
        ):
            event.ignore()
            return True
        return False


class DeliverableEditor(QWidget):
    """Shows one deliverable of the table model and saves what is typed into it.

    Typing is saved by a :class:`~nhp_planner.ui.pending_save.PendingSave`
    after a short pause, at least every ``SAVE_MAX_WAIT_MS`` while typing goes
    on, when the field loses focus, or when another deliverable is chosen; one
    stretch of typing in one field is one "burst" and becomes one undo step. A
    choice of RAG is emitted as ``field_edited``.

    A save the plan refuses (busy in another program, the disk full) keeps the
    text pending, shown in a banner above the fields, and is tried again every
    few seconds, on the next keystroke and on a change of focus until it lands.
    """

    #: (deliverable id, field, new value, burst number or None)
    field_edited = Signal(str, str, object, object)
    #: Typing waits to be saved (True), or all of it is saved (False).
    pending_changed = Signal(bool)
    #: The person asked for the shown deliverable's history.
    history_requested = Signal()
    #: The person asked to resolve a merge conflict on it (the conflict's id).
    resolve_requested = Signal(str)
    #: The person reviewed it and nothing changed: mark it updated for the period.
    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: PlanSession | None = None
        self._index = QPersistentModelIndex()
        self._deliverable: Deliverable | None = None
        #: Typing not yet saved, until the plan has it.
        self._typing = PendingSave(self)
        self._typing.pending_changed.connect(self.pending_changed)
        self._typing.pending_changed.connect(self._on_pending_changed)
        self._typing.failed.connect(self._on_save_failed)
        self._undo_keys = _UndoKeysToWindow(self)
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.unsaved_banner = QLabel(self)
        self.unsaved_banner.setWordWrap(True)
        self.unsaved_banner.setTextFormat(Qt.TextFormat.RichText)
        self.unsaved_banner.setAccessibleName("Not saved yet")
        self.unsaved_banner.setFrameShape(QLabel.Shape.StyledPanel)
        self.unsaved_banner.setMargin(6)
        self.unsaved_banner.hide()
        self.placeholder = QLabel(
            "Choose a deliverable in the table to see it here and change it.", self
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)

        self.heading = QLabel(self)
        heading_font = QFont(self.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.25)
        self.heading.setFont(heading_font)
        # Wraps, and gives way to the History button beside it on a narrow pane, rather
        # than widening the page past the pane's edge.
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setAccessibleName("Deliverable")
        self.history_button = QToolButton(self)
        self.history_button.setText("H&istory…")
        self.history_button.setToolTip(
            "Its RAG, date and summary position in every period, and every change made to it "
            "(Ctrl+H)"
        )
        self.history_button.clicked.connect(self.history_requested)
        self.conflict_note = ConflictNote(self)
        self.conflict_note.linkActivated.connect(self.resolve_requested)
        self.notes = DeliverableNotes(self)
        # Its labels, placed among the fields below.
        self.rag_hint, self.movement = self.notes.rag_hint, self.notes.movement
        self.date_reading, self.updated = self.notes.date_reading, self.notes.updated
        self.objective = QLabel(self)
        self.objective.setWordWrap(True)
        self.objective.setAccessibleName("Objective")

        self.commitment = self._text_edit("Commitment", lines=4)
        self.commitment.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.commitment.setFixedHeight(self.commitment.minimumHeight())
        self.lead = QLineEdit(self)
        self.lead.setAccessibleName("Lead")
        self.lead.setPlaceholderText("Who leads it")
        self._lead_completer = QCompleter([], self)
        self._lead_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lead.setCompleter(self._lead_completer)

        self.rag = QComboBox(self)
        self.rag.setAccessibleName("RAG")
        for rag in ALL_RAGS:
            self.rag.addItem(pill_icon(rag, self.palette()), rag.label, rag)
        self.rag.activated.connect(self._on_rag_activated)
        self.reviewed_button = ReviewedButton(self)
        self.reviewed_button.clicked.connect(self._on_reviewed_clicked)

        self.date = QLineEdit(self)
        self.date.setAccessibleName("Date")
        self.date.setPlaceholderText("31/03/2025, Ongoing, TBC, Complete Review 2025...")

        self.summary = self._text_edit("Summary position", lines=8)
        self.summary.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        for name, widget in self._fields().items():
            widget.installEventFilter(self._undo_keys)
            if isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda field=name: self._on_text_edited(field))
            else:
                widget.textEdited.connect(lambda _text, field=name: self._on_text_edited(field))
            widget.installEventFilter(self)

        # Labels above fields; the summary position, the field written most, takes
        # whatever height is left.
        form = QVBoxLayout()
        for label, field in (
            ("&Commitment", self.commitment),
            ("&Lead", self.lead),
            ("&RAG", self.rag),
            (None, self.rag_hint),
            (None, self.movement),
            ("Da&te", self.date),
            (None, self.date_reading),
            ("&Summary position", self.summary),
            (None, self.updated),
        ):
            if label is not None:
                form.addSpacing(4)
                form.addWidget(self._label(label, field))
            form.addWidget(field, 1 if field is self.summary else 0)
            if field is self.rag:
                form.addWidget(self.reviewed_button, 0, Qt.AlignmentFlag.AlignLeft)

        page = QWidget(self)
        column = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.history_button)
        column.addLayout(top)
        column.addWidget(self.conflict_note)
        column.addWidget(self.objective)
        column.addSpacing(4)
        column.addLayout(form, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Narrow (a laptop at 150%): the fields take the pane's width and the page scrolls
        # down, never sideways; the scroll area itself is no Tab stop, only its fields are.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)

        self._pages = QStackedWidget(self)
        self._pages.addWidget(self.placeholder)
        self._pages.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unsaved_banner)
        layout.addWidget(self._pages)
        self.setTabOrder(self.history_button, self.commitment)
        self.setTabOrder(self.commitment, self.lead)
        self.setTabOrder(self.lead, self.rag)
        self.setTabOrder(self.rag, self.reviewed_button)
        self.setTabOrder(self.reviewed_button, self.date)
        self.setTabOrder(self.date, self.summary)

    def _text_edit(self, name: str, *, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        # The window's Undo covers typing too (see _UndoKeysToWindow).
        edit.setUndoRedoEnabled(False)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        return edit

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _fields(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return {
            "commitment": self.commitment,
            "lead": self.lead,
            "date_text": self.date,
            "summary_position": self.summary,
        }

    # ------------------------------------------------------------ the session

    def set_session(self, session: PlanSession | None) -> None:
        """Follow another plan's table model (or none)."""
        if self._session is not None:
            model = self._session.deliverables
            model.dataChanged.disconnect(self._on_model_data_changed)
            model.modelReset.disconnect(self._on_model_reset)
            model.rowsRemoved.disconnect(self._on_model_rows_removed)
        self._session = session
        self._typing.set_session(session)
        self._index = QPersistentModelIndex()
        if session is not None:
            model = session.deliverables
            model.dataChanged.connect(self._on_model_data_changed)
            model.modelReset.connect(self._on_model_reset)
            model.rowsRemoved.connect(self._on_model_rows_removed)
            self.set_editable(session.editable)
        self._show(None)

    def set_editable(self, editable: bool) -> None:
        """Fields can be changed (the period shown is open), or only read and copied."""
        for widget in self._fields().values():
            widget.setReadOnly(not editable)
        self.rag.setEnabled(editable)
        self._editable = editable
        self.reviewed_button.show_for(self._deliverable, self._editable)

    def show_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show the deliverable at ``index`` of the session's table model (invalid: none)."""
        self.commit_pending()
        self._index = QPersistentModelIndex(index)
        self._show(index.data(OBJECT_ROLE) if index.isValid() else None)

    @property
    def deliverable(self) -> Deliverable | None:
        return self._deliverable

    def commit_pending(self) -> bool:
        """Save what was typed now (before an undo, another selection, or closing).

        Returns whether all of it is saved; what could not be is kept and retried.
        """
        return self._typing.commit()

    def has_pending(self) -> bool:
        return self._typing.has_pending()

    def pending_edits(self) -> list[tuple[str, str, Any]]:
        """The typing not yet saved: (deliverable id, field, value), oldest first."""
        return self._typing.edits()

    def discard_pending(self) -> None:
        """Forget the typing that could not be saved (the person chose to, when quitting)."""
        self._typing.drop()

    @property
    def save_failure(self) -> NhpError | None:
        """Why the last save failed, while its text waits to be saved."""
        return self._typing.failure

    def focus_field(self, field: str) -> None:
        widget = self.rag if field == "rag" else self._fields()[field]
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_leads(self, leads: Sequence[str]) -> None:
        self._lead_completer.model().setStringList(list(leads))  # type: ignore[attr-defined]

    # ------------------------------------------------------------ events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for row, rag in enumerate(ALL_RAGS):
                self.rag.setItemIcon(row, pill_icon(rag, self.palette()))
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._fields().values():
            self.commit_pending()
        return False

    def _on_text_edited(self, field: str) -> None:
        if self._deliverable is None or self._loading:
            return
        self._typing.typed(self._deliverable.id, field, self._value_of(field))
        if field == "date_text":
            self._show_date_reading()

    def _on_reviewed_clicked(self) -> None:
        self.commit_pending()
        self.review_requested.emit()

    def _on_rag_activated(self, row: int) -> None:
        if self._deliverable is None:
            return
        self.commit_pending()
        rag: Rag = self.rag.itemData(row)
        self._show_rag_hint(rag)
        self._show_date_reading()
        self.field_edited.emit(self._deliverable.id, "rag", rag, None)

    def _on_save_failed(self, error: NhpError) -> None:
        self.unsaved_banner.setText(
            f"⚠ <b>Your typing is not saved yet.</b> {html.escape(str(error))} It is kept here "
            "and saved as soon as the plan can take it: NHP Planner tries again every few "
            "seconds."
        )
        self.unsaved_banner.show()

    def _on_pending_changed(self, pending: bool) -> None:
        if not pending:
            self.unsaved_banner.hide()

    def _on_model_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if self._index.isValid() and top_left.row() <= self._index.row() <= bottom_right.row():
            self._show(self._index.data(OBJECT_ROLE))

    def _on_model_reset(self) -> None:
        self._typing.drop(keep_shown=True)
        self._show(None)

    def _on_model_rows_removed(self, *args: object) -> None:
        self._typing.drop(keep_shown=True)
        if not self._index.isValid():
            self._show(None)

    # ------------------------------------------------------------ showing

    _loading = False
    _editable = False

    def _value_of(self, field: str) -> Any:
        """A field's value as it would be saved: a blank lead is no lead, dates lose edge spaces."""
        widget = self._fields()[field]
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        if field == "lead":
            return text.strip() or None
        if field == "date_text":
            return text.strip()
        return text

    def _show(self, deliverable: Deliverable | None) -> None:
        self._deliverable = deliverable
        if deliverable is None or self._session is None:
            self._pages.setCurrentIndex(0)
            return
        self._pages.setCurrentIndex(1)
        self._loading = True
        try:
            for field, widget in self._fields().items():
                # A field being typed in keeps its text, and one whose typing is not
                # saved yet shows it; one that differs only as the saved form of it
                # (edge spaces) is left alone too.
                value = self._typing.value(deliverable, field)
                if self._value_of(field) == value:
                    continue
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value or "")
                    widget.setCursorPosition(0)  # a long lead shows its start, not its end
            self.rag.setCurrentIndex(self.rag.findData(deliverable.rag))
        finally:
            self._loading = False
        self.heading.setText(f"Deliverable {deliverable.ref}")
        self.conflict_note.show_for(self._session, deliverable)
        move = self._index.data(MOVE_ROLE) if self._index.isValid() else None
        self.notes.show_movement(self._session, deliverable, move)
        objective = next(
            (o for o in self._session.objectives.objectives() if o.number == deliverable.objective),
            None,
        )
        self.objective.setText(
            objective_label(objective) if objective else f"Objective {deliverable.objective}"
        )
        self._show_rag_hint(deliverable.rag)
        self._show_date_reading()
        self.notes.show_updated(self._session, deliverable)
        self.reviewed_button.show_for(self._deliverable, self._editable)

    def _show_rag_hint(self, rag: Rag) -> None:
        assert self._session is not None
        rag_key = self._session.plan.rag_key
        self.notes.show_rag_hint(self._session, rag)
        for row, each in enumerate(ALL_RAGS):
            self.rag.setItemData(row, rag_key.meaning(each), Qt.ItemDataRole.ToolTipRole)

    def _show_date_reading(self) -> None:
        if self._session is not None:
            rag = self.rag.currentData() or Rag.NOT_RATED
            self.notes.show_date_reading(self._session, rag, self.date.text())

"""The detail editor: the selected deliverable with every field editable, saved as you type."""

from __future__ import annotations

import html
import itertools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.dates import DateKind, format_date, read_date
from nhp_planner.model.entities import Deliverable
from nhp_planner.model.errors import NhpError
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.ui.deliverable_model import updated_day
from nhp_planner.ui.objective_model import objective_label
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.roles import MOVE_ROLE, OBJECT_ROLE
from nhp_planner.ui.wording import field_name, movement_text, short, value_text

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession

#: How long typing may pause before what was typed is saved.
SAVE_DELAY_MS = 600
#: The longest typing waits to be saved while the person keeps typing: what is typed is
#: on disk within a second, and the saves of one stretch still make one undo step.
SAVE_MAX_WAIT_MS = 800
#: How often a save that failed (the plan busy, the disk full) is tried again.
RETRY_MS = 3000
#: The text fields, in Tab order with the RAG between lead and date.
TEXT_FIELDS = ("commitment", "lead", "date_text", "summary_position")
_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_bursts = itertools.count(1)

log = logging.getLogger(__name__)


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

    Typing is saved after a short pause, at least every ``SAVE_MAX_WAIT_MS``
    while typing goes on, when the field loses focus, or when another
    deliverable is chosen; one stretch of typing in one field is one "burst"
    and becomes one undo step. A choice of RAG is emitted as ``field_edited``.

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
        #: Typing not yet saved: (deliverable id, field) -> (value, burst), oldest first.
        self._pending: dict[tuple[str, str], tuple[Any, int]] = {}
        #: Why the last save failed, while its text waits to be saved.
        self.save_failure: NhpError | None = None
        self._saving = False
        self._burst = next(_bursts)
        self._timer = self._single_shot(SAVE_DELAY_MS)
        self._max_wait = self._single_shot(SAVE_MAX_WAIT_MS)
        self._retry = self._single_shot(RETRY_MS)
        self._undo_keys = _UndoKeysToWindow(self)
        self._build()

    def _single_shot(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self._save_pending)
        return timer

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
        self.conflict_note = QLabel(self)
        self.conflict_note.setWordWrap(True)
        self.conflict_note.setTextFormat(Qt.TextFormat.RichText)
        self.conflict_note.setAccessibleName("Merge conflict")
        self.conflict_note.setFrameShape(QLabel.Shape.StyledPanel)
        self.conflict_note.setMargin(6)
        self.conflict_note.linkActivated.connect(self.resolve_requested)
        self.conflict_note.hide()
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
        # Choosing the same RAG changes nothing, so it cannot say "reviewed": this does.
        self.reviewed_button = QPushButton("Reviewed, No Change", self)
        self.reviewed_button.setToolTip(
            "Nothing to change this period: mark it updated, so it is no longer "
            "“not yet updated” (Ctrl+R)"
        )
        self.reviewed_button.clicked.connect(self._on_reviewed_clicked)
        self.rag_hint = self._note()
        self.rag_hint.setAccessibleName("What the RAG means")
        self.movement = self._note()
        self.movement.setAccessibleName("Since the period before")

        self.date = QLineEdit(self)
        self.date.setAccessibleName("Date")
        self.date.setPlaceholderText("31/03/2025, Ongoing, TBC, Complete Review 2025...")
        self.date_reading = self._note()
        self.date_reading.setAccessibleName("How the date reads")

        self.summary = self._text_edit("Summary position", lines=8)
        self.summary.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.updated = self._note()
        self.updated.setAccessibleName("Updated")

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

    def _note(self) -> QLabel:
        note = QLabel(self)
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return note

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
        self._drop_pending()
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
        self._show_reviewable()

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
        self._save_pending()
        self._burst = next(_bursts)
        return not self._pending

    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending_edits(self) -> list[tuple[str, str, Any]]:
        """The typing not yet saved: (deliverable id, field, value), oldest first."""
        return [(key[0], key[1], value) for key, (value, _burst) in self._pending.items()]

    def discard_pending(self) -> None:
        """Forget the typing that could not be saved (the person chose to, when quitting)."""
        self._drop_pending()

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
        first = not self._pending
        key = (self._deliverable.id, field)
        self._pending.pop(key, None)  # the latest value goes last, in the order typed
        self._pending[key] = (self._value_of(field), self._burst)
        if first:
            self.pending_changed.emit(True)
        if field == "date_text":
            self._show_date_reading()
        self._timer.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    def _on_reviewed_clicked(self) -> None:
        self.commit_pending()
        self.review_requested.emit()

    def _show_reviewable(self) -> None:
        """Offered while the deliverable shown can be edited and is not yet updated."""
        shown = self._deliverable
        self.reviewed_button.setEnabled(
            self._editable and shown is not None and shown.updated_at is None
        )

    def _on_rag_activated(self, row: int) -> None:
        if self._deliverable is None:
            return
        self.commit_pending()
        rag: Rag = self.rag.itemData(row)
        self._show_rag_hint(rag)
        self._show_date_reading()
        self.field_edited.emit(self._deliverable.id, "rag", rag, None)

    def _save_pending(self) -> None:
        """Save every pending field, oldest first; on a refusal keep the rest and retry."""
        if self._saving:  # a save that reloads the plan reselects, which saves again
            return
        for timer in (self._timer, self._max_wait, self._retry):
            timer.stop()
        if not self._pending or self._session is None:
            return
        self._saving = True
        try:
            while self._pending:
                (deliverable_id, field), (value, burst) = next(iter(self._pending.items()))
                try:
                    self._session.edit_deliverable(deliverable_id, field, value, burst=burst)
                except NhpError as error:
                    self._failed(error)
                    return
                if self._pending.get((deliverable_id, field)) == (value, burst):
                    del self._pending[(deliverable_id, field)]
        finally:
            self._saving = False
        self._saved()

    def _failed(self, error: NhpError) -> None:
        log.warning("Typing not saved yet, retrying: %s", error)
        self.save_failure = error
        self.unsaved_banner.setText(
            f"⚠ <b>Your typing is not saved yet.</b> {html.escape(str(error))} It is kept here "
            "and saved as soon as the plan can take it: NHP Planner tries again every few "
            "seconds."
        )
        self.unsaved_banner.show()
        self._retry.start()

    def _saved(self) -> None:
        if self.save_failure is not None:
            log.info("Typing that had failed to save is saved now")
        self.save_failure = None
        self.unsaved_banner.hide()
        self.pending_changed.emit(False)

    def _on_model_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if self._index.isValid() and top_left.row() <= self._index.row() <= bottom_right.row():
            self._show(self._index.data(OBJECT_ROLE))

    def _on_model_reset(self) -> None:
        self._drop_pending(keep_shown=True)
        self._show(None)

    def _on_model_rows_removed(self, *args: object) -> None:
        self._drop_pending(keep_shown=True)
        if not self._index.isValid():
            self._show(None)

    def _drop_pending(self, *, keep_shown: bool = False) -> None:
        """Forget typing (or, ``keep_shown``, only typing whose deliverable is gone)."""
        if not self._pending:
            return
        model = self._session.deliverables if self._session is not None else None
        for key in list(self._pending):
            if not keep_shown or model is None or model.deliverable(key[0]) is None:
                # Never silently: what was typed stays in the log.
                log.warning("Typing dropped (%s of %s): %r", key[1], key[0], self._pending[key][0])
                del self._pending[key]
        if not self._pending:
            for timer in (self._timer, self._max_wait, self._retry):
                timer.stop()
            self._saved()

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
                pending = self._pending.get((deliverable.id, field))
                value = pending[0] if pending else getattr(deliverable, field)
                if self._value_of(field) == value:
                    continue
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value or "")
            self.rag.setCurrentIndex(self.rag.findData(deliverable.rag))
        finally:
            self._loading = False
        self.heading.setText(f"Deliverable {deliverable.ref}")
        self._show_conflicts(deliverable)
        self._show_movement()
        objective = next(
            (o for o in self._session.objectives.objectives() if o.number == deliverable.objective),
            None,
        )
        self.objective.setText(
            objective_label(objective) if objective else f"Objective {deliverable.objective}"
        )
        self._show_rag_hint(deliverable.rag)
        self._show_date_reading()
        self._show_updated(deliverable)
        self._show_reviewable()

    def _show_conflicts(self, deliverable: Deliverable) -> None:
        """Flag each unresolved merge conflict, with a link to resolve it."""
        assert self._session is not None
        conflicts = self._session.conflicts_of(deliverable.id)
        self.conflict_note.setVisible(bool(conflicts))
        lines = []
        for conflict in conflicts:
            mine = html.escape(short(value_text(conflict.field, conflict.mine), 60))
            theirs = html.escape(short(value_text(conflict.field, conflict.theirs), 60))
            lines.append(
                f"⚠ <b>{field_name(conflict.field)}</b> differs in {html.escape(conflict.source)}: "
                f"“{mine}” here, “{theirs}” there. The plan keeps its own value until you "
                f"<a href='{conflict.id}'>resolve it…</a>"
            )
        self.conflict_note.setText("<br>".join(lines))

    def _show_movement(self) -> None:
        """ "▲ Improved: was AMBER in January 2024", from the table's row (so it follows edits)."""
        assert self._session is not None
        previous = self._session.previous_period
        move = self._index.data(MOVE_ROLE) if self._index.isValid() else None
        if previous is None or move is None or self._deliverable is None:
            self.movement.clear()
            self.movement.hide()
            return
        before = self._session.before(self._deliverable)
        self.movement.setText(movement_text(move, before, previous))
        self.movement.show()

    def _show_rag_hint(self, rag: Rag) -> None:
        assert self._session is not None
        self.rag_hint.setText(f"{rag.label}: {self._session.plan.rag_key.meaning(rag)}")
        for row, each in enumerate(ALL_RAGS):
            self.rag.setItemData(
                row, self._session.plan.rag_key.meaning(each), Qt.ItemDataRole.ToolTipRole
            )

    def _show_date_reading(self) -> None:
        """The date as read, live as it is typed: "due 31 Mar 2024, overdue by 12 days"."""
        if self._session is None:
            return
        rag = self.rag.currentData() or Rag.NOT_RATED
        reading = read_date(self.date.text())
        text = reading.describe(rag, self._session.as_at())
        overdue = reading.is_overdue(rag, self._session.as_at())
        unreadable = reading.kind is DateKind.UNKNOWN
        font = QFont(self.font())
        font.setBold(overdue or unreadable)
        self.date_reading.setFont(font)
        mark = "⚠ " if overdue or unreadable else ""
        self.date_reading.setText(f"{mark}Reads as: {text}")

    def _show_updated(self, deliverable: Deliverable) -> None:
        assert self._session is not None
        when = updated_day(deliverable.updated_at)
        period = self._session.period
        if when is not None:
            self.updated.setText(
                f"Updated {format_date(when.date())} at {when:%H:%M}"
                + (f", in {period.label}" if period else "")
            )
        else:
            self.updated.setText(
                f"Not yet updated for {period.label}" if period else "Not yet updated"
            )

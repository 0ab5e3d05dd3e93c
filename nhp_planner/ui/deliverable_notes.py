"""The lines the editor shows about a deliverable beside its fields, read-only.

A merge conflict on it (with a link to resolve it), what its RAG means, how it
moved since the period before, how its date reads as typed, and when it was
last updated. The editor places them and says when to show them afresh.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from nhp_planner.model.dates import DateKind, format_date, read_date
from nhp_planner.model.rag import Rag
from nhp_planner.model.wording import field_name, movement_text, short, value_text
from nhp_planner.ui.deliverable_model import updated_day

if TYPE_CHECKING:
    from nhp_planner.model.entities import Deliverable
    from nhp_planner.model.movement import RagMove
    from nhp_planner.ui.session import PlanSession


class ConflictNote(QLabel):
    """Flags each unresolved merge conflict on the deliverable, with a link to resolve it.

    The link's target (``linkActivated``) is the conflict's id.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName("Merge conflict")
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setMargin(6)
        self.hide()

    def show_for(self, session: PlanSession, deliverable: Deliverable) -> None:
        conflicts = session.conflicts_of(deliverable.id)
        self.setVisible(bool(conflicts))
        lines = []
        for conflict in conflicts:
            mine = html.escape(short(value_text(conflict.field, conflict.mine), 60))
            theirs = html.escape(short(value_text(conflict.field, conflict.theirs), 60))
            printed = html.escape(short(value_text(conflict.field, conflict.printed), 60))
            lines.append(
                f"⚠ <b>{field_name(conflict.field)}</b> differs in {html.escape(conflict.source)}: "
                f"“{mine}” here, “{theirs}” there. Until you "
                f"<a href='{conflict.id}'>resolve it…</a>, the plan shows the later change, "
                f"“{printed}”."
            )
        self.setText("<br>".join(lines))


class DeliverableNotes:
    """The notes under the RAG, the date and the summary position: their labels and words."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.rag_hint = self._note(parent, "What the RAG means")
        self.movement = self._note(parent, "Since the period before")
        self.date_reading = self._note(parent, "How the date reads")
        self.updated = self._note(parent, "Updated")

    @staticmethod
    def _note(parent: QWidget, name: str) -> QLabel:
        note = QLabel(parent)
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note.setAccessibleName(name)
        return note

    def show_movement(
        self, session: PlanSession, deliverable: Deliverable | None, move: RagMove | None
    ) -> None:
        """ "▲ Improved: was AMBER in January 2024", from the table's row (so it follows edits)."""
        previous = session.previous_period
        if previous is None or move is None or deliverable is None:
            self.movement.clear()
            self.movement.hide()
            return
        self.movement.setText(movement_text(move, session.before(deliverable), previous))
        self.movement.show()

    def show_rag_hint(self, session: PlanSession, rag: Rag) -> None:
        self.rag_hint.setText(f"{rag.label}: {session.plan.rag_key.meaning(rag)}")

    def show_date_reading(self, session: PlanSession, rag: Rag, date_text: str) -> None:
        """The date as read, live as it is typed: "due 31 Mar 2024, overdue by 12 days"."""
        reading = read_date(date_text)
        text = reading.describe(rag, session.as_at())
        overdue = reading.is_overdue(rag, session.as_at())
        unreadable = reading.kind is DateKind.UNKNOWN
        font = QFont(self._parent.font())
        font.setBold(overdue or unreadable)
        self.date_reading.setFont(font)
        mark = "⚠ " if overdue or unreadable else ""
        self.date_reading.setText(f"{mark}Reads as: {text}")

    def show_updated(self, session: PlanSession, deliverable: Deliverable) -> None:
        when = updated_day(deliverable.updated_at)
        period = session.period
        if when is not None:
            self.updated.setText(
                f"Updated {format_date(when.date())} at {when:%H:%M}"
                + (f", in {period.label}" if period else "")
            )
        else:
            self.updated.setText(
                f"Not yet updated for {period.label}" if period else "Not yet updated"
            )

"""Undoable edits: one QUndoCommand per kind of change, applied through the plan session.

Each command captures entity ids and the values before and after, never a
QModelIndex, so it still applies after the table was sorted, filtered or
renumbered. ``redo()`` makes the change through the store and ``undo()``
reverses it; pushing a command performs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtGui import QUndoCommand

from nhp_planner.model.entities import CoverReport, Deliverable, Objective, Plan
from nhp_planner.model.errors import NhpError
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import Rag

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession


class PlanCommand(QUndoCommand):
    """A command whose change the store may refuse (a clash, a closed period).

    A refusal must not reach Qt as an exception from a virtual method: the
    command reports it to the session and makes itself obsolete, so that
    ``QUndoStack.push`` drops it instead of keeping a change that never happened.

    A command belongs to the reporting period it was made in: undone or redone
    while another period is shown, it shows its own period again first, so the
    change lands where it was made and the person sees it.
    """

    #: Whether the change is to one period's plan (the cover belongs to the whole plan).
    per_period: ClassVar[bool] = True

    def __init__(self, session: PlanSession, text: str) -> None:
        super().__init__(text)
        self._session = session
        self._period = session.period

    def apply(self) -> None:
        """Make the change in the store (every subclass says how; this base is never pushed)."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back in the store (every subclass says how)."""
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self._show_own_period()
            self.apply()
        except NhpError as error:
            self.setObsolete(True)
            self._session.report_failure(error)

    def undo(self) -> None:
        try:
            self._show_own_period()
            self.revert()
        except NhpError as error:
            self._session.report_failure(error)

    def _show_own_period(self) -> None:
        if self.per_period:
            self._session.show_period(self._period)


class SetDeliverableFieldCommand(PlanCommand):
    """Change one field of one deliverable; subclasses name the field.

    Typing in a field of the editor is saved in bursts; saves from the same
    burst (the same ``burst`` number) merge into one undo step.
    """

    field: ClassVar[str]
    noun: ClassVar[str]
    merge_id: ClassVar[int] = -1

    def __init__(
        self, session: PlanSession, deliverable: Deliverable, new: Any, *, burst: int | None = None
    ) -> None:
        self._id = deliverable.id
        self._ref = deliverable.ref
        self._old = getattr(deliverable, self.field)
        #: When it was last updated before: undo puts that back too ("not yet updated").
        self._old_mark = deliverable.updated_at
        self._new = new
        self._burst = burst
        super().__init__(session, self.describe())

    def describe(self) -> str:
        return f"Edit {self.noun} of {self._ref}"

    def apply(self) -> None:
        self._session.writes.update_deliverable(self._id, **{self.field: self._new})

    def revert(self) -> None:
        self._session.writes.revert_deliverable(self._id, self._old_mark, **{self.field: self._old})

    def id(self) -> int:
        return self.merge_id if self._burst is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, type(self)) and other._id == self._id and other._burst == self._burst
        ):
            return False
        self._new = other._new
        self.setText(self.describe())
        if self._new == self._old:  # typed and then taken back: nothing left to undo
            self.setObsolete(True)
        return True


class SetCommitmentCommand(SetDeliverableFieldCommand):
    field = "commitment"
    noun = "commitment"
    merge_id = 1


class SetLeadCommand(SetDeliverableFieldCommand):
    field = "lead"
    noun = "lead"
    merge_id = 2

    def describe(self) -> str:
        if self._burst is None:
            return f"Set lead of {self._ref} to {self._new or 'nobody'}"
        return super().describe()


class SetSummaryPositionCommand(SetDeliverableFieldCommand):
    field = "summary_position"
    noun = "summary position"
    merge_id = 3


class SetDateCommand(SetDeliverableFieldCommand):
    field = "date_text"
    noun = "date"
    merge_id = 4

    def describe(self) -> str:
        if self._burst is None:
            return f"Set date of {self._ref} to {self._new or 'blank'}"
        return super().describe()


class SetRagCommand(SetDeliverableFieldCommand):
    field = "rag"
    noun = "RAG"

    def describe(self) -> str:
        new: Rag = self._new
        return f"Set RAG of {self._ref} to {new.label}"


FIELD_COMMANDS: dict[str, type[SetDeliverableFieldCommand]] = {
    command.field: command
    for command in (
        SetCommitmentCommand,
        SetLeadCommand,
        SetSummaryPositionCommand,
        SetDateCommand,
        SetRagCommand,
    )
}


def field_command(
    session: PlanSession,
    deliverable: Deliverable,
    field: str,
    new: Any,
    *,
    burst: int | None = None,
) -> SetDeliverableFieldCommand | None:
    """The command that sets ``field`` to ``new``, or None when that is what it already is."""
    if getattr(deliverable, field) == new:
        return None
    return FIELD_COMMANDS[field](session, deliverable, new, burst=burst)


class ConfirmUnchangedCommand(PlanCommand):
    """Reviewed, no change: the deliverable counts as updated for the period as it stands."""

    def __init__(self, session: PlanSession, deliverable: Deliverable) -> None:
        super().__init__(session, f"Mark {deliverable.ref} reviewed, no change")
        self._id = deliverable.id
        self._old_mark = deliverable.updated_at

    def apply(self) -> None:
        self._session.writes.mark_reviewed(self._id)

    def revert(self) -> None:
        self._session.writes.restore_update_mark(self._id, self._old_mark)


class AddDeliverableCommand(PlanCommand):
    def __init__(self, session: PlanSession, deliverable: Deliverable) -> None:
        super().__init__(session, f"Add deliverable {deliverable.ref}")
        self._deliverable = deliverable

    def apply(self) -> None:
        self._deliverable = self._session.writes.add_deliverable(self._deliverable)

    def revert(self) -> None:
        self._session.writes.delete_deliverables([self._deliverable.id])


class DeleteDeliverablesCommand(PlanCommand):
    """Delete one or several deliverables as one step; undo puts them back, same ids and all."""

    def __init__(self, session: PlanSession, deliverables: Sequence[Deliverable]) -> None:
        text = (
            f"Delete deliverable {deliverables[0].ref}"
            if len(deliverables) == 1
            else f"Delete {len(deliverables)} deliverables"
        )
        super().__init__(session, text)
        self._deliverables = list(deliverables)

    def apply(self) -> None:
        self._deliverables = self._session.writes.delete_deliverables(
            [d.id for d in self._deliverables]
        )

    def revert(self) -> None:
        self._session.writes.restore_deliverables(self._deliverables)


class MoveDeliverableCommand(PlanCommand):
    """Move a deliverable up or down its objective by swapping references with its neighbour."""

    def __init__(
        self, session: PlanSession, deliverable: Deliverable, neighbour: Deliverable, direction: str
    ) -> None:
        super().__init__(session, f"Move {deliverable.ref} {direction}")
        self._swap = {deliverable.id: neighbour.ref, neighbour.id: deliverable.ref}
        self._back = {deliverable.id: deliverable.ref, neighbour.id: neighbour.ref}

    def apply(self) -> None:
        self._session.writes.renumber_deliverables(self._swap)

    def revert(self) -> None:
        self._session.writes.renumber_deliverables(self._back)


class AddObjectiveCommand(PlanCommand):
    def __init__(self, session: PlanSession, objective: Objective) -> None:
        super().__init__(session, f"Add objective {objective.number}")
        self._objective = objective

    def apply(self) -> None:
        self._session.writes.add_objective(self._objective)

    def revert(self) -> None:
        self._session.writes.delete_objective(self._objective.id)


class DeleteObjectiveCommand(PlanCommand):
    """Delete an objective with its deliverables; undo restores them all."""

    def __init__(self, session: PlanSession, objective: Objective, deliverables: int) -> None:
        text = f"Delete objective {objective.number}"
        if deliverables:
            text += f" and its {counted(deliverables, 'deliverable')}"
        super().__init__(session, text)
        self._objective = objective
        self._deliverables: list[Deliverable] = []

    def apply(self) -> None:
        self._objective, self._deliverables = self._session.writes.delete_objective(
            self._objective.id
        )

    def revert(self) -> None:
        self._session.writes.restore_objective(self._objective, self._deliverables)


class SetObjectiveTitleCommand(PlanCommand):
    def __init__(self, session: PlanSession, objective: Objective, title: str | None) -> None:
        super().__init__(session, f"Rename objective {objective.number}")
        self._id = objective.id
        self._old = objective.title
        self._new = title

    def apply(self) -> None:
        self._session.writes.retitle_objective(self._id, self._new)

    def revert(self) -> None:
        self._session.writes.retitle_objective(self._id, self._old)


class MoveObjectiveCommand(PlanCommand):
    """Move an objective up or down by swapping numbers with its neighbour; its refs follow."""

    def __init__(
        self, session: PlanSession, objective: Objective, neighbour: Objective, direction: str
    ) -> None:
        super().__init__(session, f"Move objective {objective.number} {direction}")
        self._swap = {objective.id: neighbour.number, neighbour.id: objective.number}
        self._back = {objective.id: objective.number, neighbour.id: neighbour.number}

    def apply(self) -> None:
        self._session.writes.renumber_objectives(self._swap)

    def revert(self) -> None:
        self._session.writes.renumber_objectives(self._back)


class SetCoverCommand(PlanCommand):
    """Edit the board pack's cover report, stored with the plan for every later pack.

    Edits made in one visit to the board pack dialog (one ``burst``) merge.
    """

    merge_id: ClassVar[int] = 5
    per_period = False

    def __init__(
        self, session: PlanSession, old: CoverReport, new: CoverReport, *, burst: int | None = None
    ) -> None:
        super().__init__(session, "Edit the board pack cover")
        self._old = old
        self._new = new
        self._burst = burst

    def apply(self) -> None:
        self._session.update_cover(self._new)

    def revert(self) -> None:
        self._session.update_cover(self._old)

    def id(self) -> int:
        return self.merge_id if self._burst is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetCoverCommand) and other._burst == self._burst):
            return False
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)
        return True


class SetPlanPropertiesCommand(PlanCommand):
    """Plan ▸ Properties: the title, force, owner and RAG key wording, as one step."""

    per_period = False

    def __init__(self, session: PlanSession, old: Plan, new: Plan) -> None:
        super().__init__(session, "Edit the plan's properties")
        self._old = old
        self._new = new

    def apply(self) -> None:
        self._session.update_properties(self._new)

    def revert(self) -> None:
        self._session.update_properties(self._old)

"""Committee actions (outstanding references): what a committee asked for, of whom, by when.

An action keeps its number as the committee writes it ("7/2023/P"), the
meeting and item it came from, the owner, a status with its update text, and
a due date whose every re-set is kept: committees ask why a date moved, so
the original and each revision stay with the action. Actions link to the
deliverables and inspectorate items they concern.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from dataclasses import dataclass, replace

from nhp_planner.model.dates import DateReading, read_date
from nhp_planner.model.entities import new_id
from nhp_planner.model.registers import links_of, links_text, read_word, words_key


class ActionStatus(enum.Enum):
    """Where an action stands, in the committee's words."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETE = "Complete"

    @property
    def is_complete(self) -> bool:
        return self is ActionStatus.COMPLETE


_STATUS_WORDS = {
    "": ActionStatus.NOT_STARTED,
    "open": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "in hand": ActionStatus.IN_PROGRESS,
    "completed": ActionStatus.COMPLETE,
    "closed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
}
_STATUS_LEAD = re.compile(
    r"^\s*(not started|in progress|in hand|ongoing|open|complete[d]?|closed|done)\b"
    r"\s*[-\u2013\u2014:.,]*\s*",
    re.IGNORECASE,
)


def parse_action_status(text: str | None) -> ActionStatus | None:
    """A status word ("In Progress", "Complete", "Closed"); None if it is not one."""
    return read_word(ActionStatus, _STATUS_WORDS, text)


def split_status_cell(text: str | None) -> tuple[ActionStatus, str] | None:
    """The agenda pack's Status cell read as a status and its update text.

    ``"In Progress-target date set for April/May."`` is in progress with the
    update "target date set for April/May."; None when the cell starts with no
    status word.
    """
    cell = (text or "").strip()
    match = _STATUS_LEAD.match(cell)
    if match is None:
        return None if cell else (ActionStatus.NOT_STARTED, "")
    status = parse_action_status(match.group(1))
    if status is None:
        return None
    return status, cell[match.end() :].strip()


def normalise_number(text: str) -> str:
    """An action's number as written, the stray spaces of a re-typed paper gone: "10/2023/P"."""
    return re.sub(r"\s*/\s*", "/", " ".join(text.split()))


@dataclass(frozen=True, slots=True)
class CommitteeAction:
    """One outstanding reference and where it stands in one reporting period."""

    number: str
    action: str
    #: The meeting and item it came from: "5 September Item 5 – Policing Plan Performance Q1".
    meeting: str = ""
    owner: str | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    #: The status's update text: "target date set for April/May."
    update: str = ""
    due_text: str = ""
    #: Earlier due dates, the original first; the current one is ``due_text``.
    due_history: tuple[str, ...] = ()
    deliverable_ids: tuple[str, ...] = ()
    finding_ids: tuple[str, ...] = ()
    id: str = dataclasses.field(default_factory=new_id)
    updated_at: str | None = None

    @property
    def label(self) -> str:
        """How people name it: "Action 7/2023/P"."""
        return f"Action {self.number}"

    @property
    def due(self) -> DateReading:
        return read_date(self.due_text)

    @property
    def was_reset(self) -> bool:
        """Whether the due date has moved since it was first set."""
        return bool(self.due_history)

    @property
    def due_dates(self) -> tuple[str, ...]:
        """The original due date and every revision, oldest first, the current one last."""
        return (*self.due_history, self.due_text) if self.due_text else self.due_history

    def with_due(self, text: str) -> CommitteeAction:
        """The action with its due date re-set; the date it had is kept as a revision."""
        text = text.strip()
        if text == self.due_text:
            return self
        history = (*self.due_history, self.due_text) if self.due_text else self.due_history
        return replace(self, due_text=text, due_history=history)

    @property
    def status_text(self) -> str:
        """The Status cell as the agenda pack prints it: "In progress – target date set ..."."""
        return f"{self.status.value} – {self.update}" if self.update else self.status.value

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Year then number: "7/2023/P" before "10/2023/P" before "1/2024/P"."""
        match = re.match(r"^(\d+)/(\d{4})", self.number)
        if match is None:
            return (9999, 0, words_key(self.number))
        return (int(match.group(2)), int(match.group(1)), self.number)

    def to_fields(self) -> dict[str, str | None]:
        """The action's fields as text, as the store keeps and the change history records them."""
        return {
            "number": self.number,
            "meeting": self.meeting,
            "action": self.action,
            "owner": self.owner,
            "status": self.status.value,
            "update": self.update,
            "due_text": self.due_text,
            "due_history": json.dumps(list(self.due_history), ensure_ascii=False),
            "deliverables": links_text(self.deliverable_ids),
            "findings": links_text(self.finding_ids),
        }

    @classmethod
    def from_fields(
        cls, values: dict[str, str | None], *, id: str, updated_at: str | None = None
    ) -> CommitteeAction:
        """An action from :meth:`to_fields` text (stored values, so always readable)."""
        return cls(
            number=values.get("number") or "",
            meeting=values.get("meeting") or "",
            action=values.get("action") or "",
            owner=values.get("owner"),
            status=ActionStatus(values.get("status") or ActionStatus.NOT_STARTED.value),
            update=values.get("update") or "",
            due_text=values.get("due_text") or "",
            due_history=tuple(json.loads(values.get("due_history") or "[]")),
            deliverable_ids=links_of(values.get("deliverables")),
            finding_ids=links_of(values.get("findings")),
            id=id,
            updated_at=updated_at,
        )


#: Fields of an action a person edits, in the order the register shows them.
ACTION_FIELDS = (
    "number",
    "meeting",
    "action",
    "owner",
    "status",
    "update",
    "due_text",
    "due_history",
    "deliverables",
    "findings",
)


def outstanding(
    current: list[CommitteeAction], previous: list[CommitteeAction] | None
) -> list[CommitteeAction]:
    """The actions the outstanding references table shows this period, in number order.

    A completed action is shown once, in the period it was completed, then
    dropped: it goes when the previous period already had it complete.
    """
    done_before = {a.id for a in previous or () if a.status.is_complete}
    shown = [a for a in current if not (a.status.is_complete and a.id in done_before)]
    return sorted(shown, key=lambda a: a.sort_key)


def action_counts(actions: list[CommitteeAction]) -> dict[str, int]:
    """How many actions there are, how many are outstanding, and how many had their date re-set."""
    return {
        "total": len(actions),
        "outstanding": sum(not a.status.is_complete for a in actions),
        "complete": sum(a.status.is_complete for a in actions),
        "due_reset": sum(a.was_reset for a in actions),
    }

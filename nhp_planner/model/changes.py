"""The change history's record: one edit, kept forever (what merging and the history read).

Apart from the entities, so a command that only reads the plan does not make the class.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from nhp_planner.model.entities import new_id


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One edit, kept forever: what changed, from what, to what, when and by whom."""

    entity: str
    entity_id: str
    field: str
    old: str | None
    new: str | None
    at: str
    by: str
    period: str | None = None
    replica: str | None = None
    id: str = dataclasses.field(default_factory=new_id)
    #: Orders the write after everything its copy had seen; 0 in earlier releases' records.
    lamport: int = 0
    #: The objective id a deliverable was put under (its "objective" or "created" record).
    target: str | None = None
    #: The "updated" time this write gave its row, if it marked the row updated.
    marks: str | None = None

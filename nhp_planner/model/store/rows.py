"""How the plan's rows are read and named: the deliverable select and its row reader.

Shared by every part of the store, so each reads and records a row the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from nhp_planner.model.entities import Deliverable
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import DamagedContent
from nhp_planner.model.rag import Rag

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

    from nhp_planner.model.merge import RowKey

PLAN_COLUMNS = ("title", "force", "owner")
RAG_COLUMNS = ("rag_green", "rag_amber", "rag_red")
#: The plan-level setting (in ``meta``) holding the owner's answers for RAG words.
RAG_WORDS = "rag_words"

#: Read with ``conn.execute`` into plain tuples for :func:`deliverable_from_row`; period last.
DELIVERABLE_SELECT = (
    "select d.id, d.ref, o.number as objective, d.commitment, d.lead, d.summary_position, "
    "d.rag, d.date_text, d.updated_at, d.period from deliverables d "
    "join objectives o on o.id = d.objective_id and o.period = d.period"
)

#: Column order of the rows ``PlanEdits.deliverable_row`` builds.
INSERT_DELIVERABLE = (
    "insert into deliverables (id, period, objective_id, ref, commitment, lead, "
    "summary_position, rag, date_text, updated_at, updated_by) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def deliverable_from_row(row: tuple[Any, ...]) -> Deliverable:
    """A deliverable from a row of ``DELIVERABLE_SELECT``.

    A whole period (10,000 rows) is read on every open and comparison, and
    sqlite-utils' dict per row and ``Rag(value)`` took a third of that time.
    """
    deliverable_id, ref, objective, commitment, lead, summary, rag, date_text, updated_at, _ = row
    known = _RAG_OF.get(rag) if isinstance(rag, str | None) else None
    if known is None or bytes in map(type, row):
        raise DamagedContent(_what_is_wrong(row))
    return Deliverable(
        ref=ref,
        objective=objective,
        commitment=commitment or "",
        summary_position=summary or "",
        rag=known,
        date_text=date_text or "",
        lead=lead,
        id=deliverable_id,
        updated_at=updated_at,
    )


#: A stored RAG value and what it means; blank or null is not rated.
_RAG_OF: dict[str | None, Rag] = {
    None: Rag.NOT_RATED,
    "": Rag.NOT_RATED,
    **{rag.value: rag for rag in Rag},
}


def _what_is_wrong(row: tuple[Any, ...]) -> str:
    """What no plan holds in a deliverable's row, for the "is damaged" sentence."""
    ref, rag = row[1], row[6]
    who = f"deliverable {ref}" if isinstance(ref, str) else "a deliverable"
    if not isinstance(rag, str | None) or rag not in _RAG_OF:
        return f"{who} has the RAG rating {str(rag)[:20]!r}, which no plan holds"
    return f"{who} holds bytes where text belongs"


def row_label(row: RowKey, values: Mapping[str, str | None] | None) -> str:
    """How people name a row of the plan: "Deliverable 2.5 (February 2024)", "Objective 3"."""
    from nhp_planner.model.store.register_rows import REGISTERS  # the registers' models

    entity, entity_id, period = row
    when = f" ({ReportingPeriod.parse(period).label})" if period else ""
    values = values or {}
    if entity == "deliverable":
        return f"Deliverable {values.get('ref') or '?'}{when}"
    if entity == "objective":
        return f"Objective {values.get('number') or '?'}{when}"
    if entity in REGISTERS:
        return f"{REGISTERS[entity].label(values)}{when}"
    if entity == "cover":
        return "Board pack cover"
    if entity == "period":
        return f"Period {ReportingPeriod.parse(entity_id).label}"
    if entity == "measure":
        return f"Measure '{values.get('name') or '?'}'"
    return "Plan"

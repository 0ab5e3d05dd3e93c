"""Renumbering: new references for deliverables, new numbers for objectives, in one go.

Renumbering is a change to the plan's shape, not a status update, so the
deliverables' "updated this period" marks stay as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from nhp_planner.model.entities import Deliverable
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import parse_ref, ref_sort_key
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection
from nhp_planner.model.store.periods import PeriodEdits
from nhp_planner.model.store.reads import PlanReads


class Renumbering:
    """Reordering deliverables and objectives; references and numbers may be swapped."""

    def __init__(self, conn: PlanConnection, reads: PlanReads, periods: PeriodEdits) -> None:
        self._conn = conn
        self._reads = reads
        self._periods = periods

    def renumber_deliverables(
        self, refs: Mapping[str, str], period: ReportingPeriod | None = None
    ) -> None:
        """Give deliverables new references in one transaction (reordering swaps them).

        Args:
            refs: the new reference of each deliverable, by id. The references
                must be unique once every change is made; they may be swapped.
        """
        key = self._periods.editable_key(period)
        current = {d.id: d for d in self._reads.deliverables(ReportingPeriod.parse(key))}
        wanted = {deliverable_id: parse_ref(ref) for deliverable_id, ref in refs.items()}
        for deliverable_id in wanted:
            if deliverable_id not in current:
                raise ValidationError(f"No deliverable with id {deliverable_id} in {key}.")
        moving = {i: ref for i, ref in wanted.items() if current[i].ref != ref}
        if not moving:
            return
        _check_refs_unique(current, moving)
        with self._conn.writing() as write:
            _set_refs(write, current, moving, key)

    def renumber_objectives(
        self, numbers: Mapping[str, int], period: ReportingPeriod | None = None
    ) -> None:
        """Give objectives new numbers in one transaction; their deliverables' refs follow.

        Objective 2 becoming 3 turns its deliverable 2.5 into 3.5, so references
        always name their objective.

        Args:
            numbers: the new number of each objective, by id. The numbers must be
                unique once every change is made; they may be swapped.
        """
        key = self._periods.editable_key(period)
        chosen = ReportingPeriod.parse(key)
        objectives = {o.id: o for o in self._reads.objectives(chosen)}
        for objective_id, number in numbers.items():
            if objective_id not in objectives:
                raise ValidationError(f"No objective with id {objective_id} in {key}.")
            if number < 0:
                raise ValidationError(f"Objective numbers start at 0, not {number}.")
        moving = {i: n for i, n in numbers.items() if objectives[i].number != n}
        if not moving:
            return
        final = Counter(moving.get(o.id, o.number) for o in objectives.values())
        repeated = sorted(number for number, count in final.items() if count > 1)
        if repeated:
            raise ValidationError(f"Objective {repeated[0]} already exists.")
        ids_by_number = {o.number: o.id for o in objectives.values()}
        current = {d.id: d for d in self._reads.deliverables(chosen)}
        refs = {
            d.id: f"{moving[ids_by_number[d.objective]]}.{d.ref.split('.', 1)[1]}"
            for d in current.values()
            if ids_by_number[d.objective] in moving
        }
        _check_refs_unique(current, refs)
        with self._conn.writing() as write:
            # Two steps because (period, number) is unique at every statement:
            # first out of the way (negative numbers are never real), then into place.
            for step, objective_id in enumerate(moving, start=1):
                write.db.execute(
                    "update objectives set number = ? where id = ? and period = ?",
                    [-step, objective_id, key],
                )
            for objective_id, number in moving.items():
                write.db.execute(
                    "update objectives set number = ? where id = ? and period = ?",
                    [number, objective_id, key],
                )
                old = objectives[objective_id].number
                write.record("objective", objective_id, "number", str(old), str(number), key)
            _set_refs(write, current, refs, key)


def _check_refs_unique(current: Mapping[str, Deliverable], refs: Mapping[str, str]) -> None:
    final = Counter(refs.get(deliverable_id, d.ref) for deliverable_id, d in current.items())
    repeated = sorted((ref for ref, count in final.items() if count > 1), key=ref_sort_key)
    if repeated:
        raise ValidationError(
            f"Deliverable {repeated[0]} already exists; choose another reference."
        )


def _set_refs(
    write: HistoryWriter, current: Mapping[str, Deliverable], refs: Mapping[str, str], key: str
) -> None:
    """Set references in two steps, since (period, ref) is unique at every statement."""
    for deliverable_id in refs:
        write.db.execute(
            "update deliverables set ref = ? where id = ? and period = ?",
            [f"#{deliverable_id}", deliverable_id, key],
        )
    for deliverable_id, ref in refs.items():
        write.db.execute(
            "update deliverables set ref = ? where id = ? and period = ?",
            [ref, deliverable_id, key],
        )
        write.record("deliverable", deliverable_id, "ref", current[deliverable_id].ref, ref, key)

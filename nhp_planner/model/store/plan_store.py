"""``PlanStore``: the open plan file, the one object callers hold.

It owns the connection and hands each call to the part that does that job, as
Anki's collection hands work to its decks, notes and scheduler: reads,
edits, renumbering, periods, snapshot import, copies, merging and conflicts.
The parts share only the connection (whose history writer every write goes
through) and each other's public methods. Each part but the reads is made, and
its module imported, on its first use (``parts.py``): a command that only reads
the plan loads no merging, editing or measures code (start-up, issue 22).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from nhp_planner.model.entities import (
    DELIVERABLE_FIELDS,
    Conflict,
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import current_user
from nhp_planner.model.store import opening
from nhp_planner.model.store.connection import PlanConnection
from nhp_planner.model.store.parts import StoreParts
from nhp_planner.model.store.reads import PlanReads

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

    from nhp_planner.model.changes import ChangeRecord
    from nhp_planner.model.diff import PlanDiff
    from nhp_planner.model.measures import Measure, MeasurePeriod
    from nhp_planner.model.merge import MergeResult
    from nhp_planner.model.rag import Rag, RagKey
    from nhp_planner.model.store.actions import ActionRegister
    from nhp_planner.model.store.findings import FindingRegister


class PlanStore:
    """An open plan file. Speaks in domain objects.

    Open with :meth:`open`, create with :meth:`create`, or hold a throwaway plan
    with :meth:`in_memory`. Reads default to the current reporting period.
    Each method hands over to the part that does the work; its docstring is there.
    """

    def __init__(self, conn: PlanConnection) -> None:
        self._conn = conn
        self._reads = PlanReads(conn)
        self._parts = StoreParts(conn, self._reads)

    # ----------------------------------------------------------------- opening

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        plan: Plan,
        *,
        period: ReportingPeriod | None = None,
        user: str | None = None,
        populate: Callable[[PlanStore], object] | None = None,
    ) -> PlanStore:
        """Write a new plan file. It appears complete or not at all.

        Args:
            populate: fills the new plan (an import) before the file appears
                under its name; if it fails, no file is left behind.
        """
        target = Path(path)
        fill = None if populate is None else (lambda conn: populate(cls(conn)))
        opening.create_file(target, plan, period, user or current_user(), fill)
        return cls.open(target, user=user)

    @classmethod
    def in_memory(
        cls, plan: Plan, *, period: ReportingPeriod | None = None, user: str | None = None
    ) -> PlanStore:
        """A plan that lives only while the program runs (``--sample``, tests)."""
        return cls(opening.in_memory(plan, period, user or current_user()))

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, user: str | None = None
    ) -> PlanStore:
        """Open a plan file, migrating it if an older release wrote it.

        Anything that is not a plan (a text file, another SQLite database, a
        truncated copy, a file from a newer release) raises :class:`PlanFileError`
        before anything is written to it.
        """
        return cls(opening.open_file(Path(path), read_only=read_only, user=user or current_user()))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        return self._conn.path

    @property
    def read_only(self) -> bool:
        return self._conn.read_only

    @property
    def user(self) -> str:
        """Who the change history records as making each change."""
        return self._conn.user

    def changed_elsewhere(self) -> bool:
        """Whether another program changed the plan since this was last asked (first: False)."""
        return self._conn.changed_elsewhere()

    def record_lock_broken(self, holder: str) -> None:
        """Put in the history that this user broke ``holder``'s lock on the plan."""
        with self._conn.writing() as write:
            write.record("lock", self.plan_id, "broken", holder, f"broken by {self.user}")

    def record_as(self, user: str) -> None:
        """Record later changes under ``user`` (the name given in the window's Preferences)."""
        self._conn.user = user

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes into one transaction: all of them land, or none."""
        with self._conn.writing():
            yield

    # ------------------------------------------------------------------- reads

    def plan(self) -> Plan:
        return self._reads.plan()

    @property
    def plan_id(self) -> str:
        return self._reads.plan_id

    @property
    def replica_id(self) -> str:
        return self._reads.replica_id

    def periods(self) -> list[ReportingPeriod]:
        return self._reads.periods()

    @property
    def current_period(self) -> ReportingPeriod | None:
        return self._reads.current_period

    def previous_period(self, period: ReportingPeriod | None = None) -> ReportingPeriod | None:
        return self._reads.previous_period(period)

    def objectives(self, period: ReportingPeriod | None = None) -> list[Objective]:
        return self._reads.objectives(period)

    def deliverables(
        self, period: ReportingPeriod | None = None, *, in_order: bool = True
    ) -> list[Deliverable]:
        return self._reads.deliverables(period, in_order=in_order)

    def deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        return self._reads.deliverable(deliverable_id, period)

    def deliverable_history(self, deliverable_id: str) -> list[tuple[ReportingPeriod, Deliverable]]:
        return self._reads.deliverable_history(deliverable_id)

    def snapshot(self, period: ReportingPeriod | None = None) -> PlanSnapshot:
        return self._reads.snapshot(period)

    def last_updated(self, period: ReportingPeriod) -> dict[str, ReportingPeriod]:
        """For each deliverable, the latest period before ``period`` it was updated in."""
        return self._reads.last_updated(period)

    def snapshot_and_previous(
        self, period: ReportingPeriod | None = None
    ) -> tuple[PlanSnapshot, PlanSnapshot | None]:
        return self._reads.snapshot_and_previous(period)

    def changes(self, entity_id: str | None = None) -> list[ChangeRecord]:
        return self._reads.changes(entity_id)

    def conflicts(
        self, period: ReportingPeriod | None = None, *, resolved: bool = False
    ) -> list[Conflict]:
        return self._reads.conflicts(period, resolved=resolved)

    # ------------------------------------------------------------------- edits

    def update_plan(
        self,
        *,
        title: str | None = None,
        force: str | None = None,
        owner: str | None = None,
        rag_key: RagKey | None = None,
        cover: CoverReport | None = None,
    ) -> Plan:
        return self._parts.edits.update_plan(
            title=title, force=force, owner=owner, rag_key=rag_key, cover=cover
        )

    def add_objective(
        self, objective: Objective, period: ReportingPeriod | None = None
    ) -> Objective:
        return self._parts.edits.add_objective(objective, period)

    def update_objective(
        self, objective_id: str, period: ReportingPeriod | None = None, **fields: Any
    ) -> Objective:
        return self._parts.edits.update_objective(objective_id, period, **fields)

    def delete_objective(
        self, objective_id: str, period: ReportingPeriod | None = None
    ) -> tuple[Objective, list[Deliverable]]:
        return self._parts.edits.delete_objective(objective_id, period)

    def restore_objective(
        self,
        objective: Objective,
        deliverables: Iterable[Deliverable],
        period: ReportingPeriod | None = None,
    ) -> None:
        self._parts.edits.restore_objective(objective, deliverables, period)

    def add_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> Deliverable:
        return self._parts.edits.add_deliverable(deliverable, period)

    def update_deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None, **fields: Any
    ) -> Deliverable:
        return self._parts.edits.update_deliverable(deliverable_id, period, **fields)

    def revert_deliverable(
        self,
        deliverable_id: str,
        updated_at: str | None,
        period: ReportingPeriod | None = None,
        **fields: Any,
    ) -> Deliverable:
        return self._parts.edits.revert_deliverable(deliverable_id, updated_at, period, **fields)

    def confirm_unchanged(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        return self._parts.edits.confirm_unchanged(deliverable_id, period)

    def restore_update_mark(
        self, deliverable_id: str, updated_at: str | None, period: ReportingPeriod | None = None
    ) -> Deliverable:
        return self._parts.edits.restore_update_mark(deliverable_id, updated_at, period)

    def delete_deliverable(
        self, deliverable_id: str, period: ReportingPeriod | None = None
    ) -> Deliverable:
        return self._parts.edits.delete_deliverable(deliverable_id, period)

    def restore_deliverable(
        self, deliverable: Deliverable, period: ReportingPeriod | None = None
    ) -> None:
        self._parts.edits.restore_deliverable(deliverable, period)

    def renumber_deliverables(
        self, refs: Mapping[str, str], period: ReportingPeriod | None = None
    ) -> None:
        self._parts.renumbering.renumber_deliverables(refs, period)

    def renumber_objectives(
        self, numbers: Mapping[str, int], period: ReportingPeriod | None = None
    ) -> None:
        self._parts.renumbering.renumber_objectives(numbers, period)

    # ----------------------------------------------------------------- periods

    def start_period(
        self, period: ReportingPeriod, *, after: ReportingPeriod | None = None
    ) -> None:
        self._parts.periods.start(period, after=after)

    def is_editable(self, period: ReportingPeriod) -> bool:
        return self._parts.periods.is_editable(period)

    def is_reopened(self, period: ReportingPeriod) -> bool:
        return self._reads.is_reopened(period)

    def reopen_period(self, period: ReportingPeriod, *, reopen: bool = True) -> None:
        self._parts.periods.reopen(period, reopen=reopen)

    # --------------------------------------------------------------- registers

    @property
    def findings(self) -> FindingRegister:
        """The inspectorate register: ``store.findings.items()``, ``.add()``, ``.update()``..."""
        return self._parts.findings

    @property
    def actions(self) -> ActionRegister:
        """The committee actions register, read and edited as the findings are."""
        return self._parts.actions

    # ------------------------------------------------------ import and merging

    def import_snapshot(
        self,
        incoming: PlanSnapshot,
        *,
        fields: Iterable[str] = DELIVERABLE_FIELDS,
        period: ReportingPeriod | None = None,
        dry_run: bool = False,
    ) -> PlanDiff:
        imports = self._parts.imports
        return imports.import_snapshot(incoming, fields=fields, period=period, dry_run=dry_run)

    def rag_words(self) -> dict[str, Rag]:
        """What the plan owner said status words in the RAG column mean, on earlier imports."""
        return self._parts.edits.rag_words()

    def remember_rag_words(self, words: Mapping[str, Rag]) -> None:
        self._parts.edits.remember_rag_words(words)

    def import_periods(
        self,
        snapshots: Sequence[PlanSnapshot],
        *,
        fields: Iterable[str] = DELIVERABLE_FIELDS,
        dry_run: bool = False,
    ) -> list[tuple[ReportingPeriod, PlanDiff]]:
        return self._parts.imports.import_periods(snapshots, fields=fields, dry_run=dry_run)

    def make_copy(self, out: str | os.PathLike[str], *, lead: str | None = None) -> Path:
        return self._parts.copies.make_copy(out, lead=lead)

    def save_copy(self, out: str | os.PathLike[str]) -> Path:
        return self._parts.copies.save_copy(out)

    @property
    def copied_from(self) -> dict[str, str] | None:
        return self._parts.copies.copied_from

    @property
    def lead_filter(self) -> str | None:
        return self._parts.copies.lead_filter

    def merge_from(self, other: str | os.PathLike[str], *, dry_run: bool = False) -> MergeResult:
        return self._parts.merging.merge_from(other, dry_run=dry_run)

    def resolve_conflict(
        self, conflict_id: str, *, take: str = "mine", value: str | None = None
    ) -> None:
        self._parts.conflicts.resolve_conflict(conflict_id, take=take, value=value)

    def resolve_conflicts(
        self, conflict_ids: Iterable[str], *, take: str = "mine", value: str | None = None
    ) -> None:
        self._parts.conflicts.resolve_conflicts(list(conflict_ids), take=take, value=value)

    # ---------------------------------------------------- performance measures

    def measures(self) -> list[Measure]:
        # A plan with none loads no measures code: a pack's or paper's start-up (issue 22).
        if not self._reads.has_measures():
            return []
        return self._parts.measures.measures()

    def measure(self, measure_id: str) -> Measure:
        return self._parts.measures.measure(measure_id)

    def find_measure(self, name: str) -> Measure:
        return self._parts.measures.find_measure(name)

    def add_measure(self, measure: Measure) -> Measure:
        return self._parts.measures.add_measure(measure)

    def update_measure(self, measure_id: str, **fields: Any) -> Measure:
        return self._parts.measures.update_measure(measure_id, **fields)

    def delete_measure(self, measure_id: str) -> Measure:
        return self._parts.measures.delete_measure(measure_id)

    def set_measure_value(
        self, measure_id: str, period: MeasurePeriod, value: float | None
    ) -> Measure:
        return self._parts.measures.set_value(measure_id, period, value)

    def set_measure_narrative(
        self,
        measure_id: str,
        period: MeasurePeriod,
        *,
        reasons: str | None = None,
        response: str | None = None,
    ) -> Measure:
        measures = self._parts.measures
        return measures.set_narrative(measure_id, period, reasons=reasons, response=response)

    def save_measures(self, measures: Sequence[Measure]) -> list[Measure]:
        return self._parts.measures.save_measures(measures)

"""The parts of an open plan's store, each made on its first use, its module imported then.

A command that only reads the plan (``summary``, ``dump``) imports none of the
editing, merging, conflicts, registers or measures code (start-up, issue 22);
the window, which uses them all, makes each once.
"""

from __future__ import annotations

from functools import cached_property

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.model.store.actions import ActionRegister
    from nhp_planner.model.store.conflicts import ConflictResolution
    from nhp_planner.model.store.connection import PlanConnection
    from nhp_planner.model.store.copies import Copies
    from nhp_planner.model.store.edits import PlanEdits
    from nhp_planner.model.store.findings import FindingRegister
    from nhp_planner.model.store.measures import MeasureRecords
    from nhp_planner.model.store.merging import MergeApplication
    from nhp_planner.model.store.periods import PeriodEdits
    from nhp_planner.model.store.reads import PlanReads
    from nhp_planner.model.store.renumbering import Renumbering
    from nhp_planner.model.store.snapshot_import import SnapshotImport


class StoreParts:
    """The parts :class:`PlanStore` hands its calls to, beside the reads it always uses."""

    def __init__(self, conn: PlanConnection, reads: PlanReads) -> None:
        self._conn = conn
        self._reads = reads

    @cached_property
    def periods(self) -> PeriodEdits:
        from nhp_planner.model.store.periods import PeriodEdits

        return PeriodEdits(self._conn, self._reads)

    @cached_property
    def edits(self) -> PlanEdits:
        from nhp_planner.model.store.edits import PlanEdits

        return PlanEdits(self._conn, self._reads, self.periods)

    @cached_property
    def renumbering(self) -> Renumbering:
        from nhp_planner.model.store.renumbering import Renumbering

        return Renumbering(self._conn, self._reads, self.periods)

    @cached_property
    def imports(self) -> SnapshotImport:
        from nhp_planner.model.store.snapshot_import import SnapshotImport

        return SnapshotImport(self._conn, self._reads, self.periods, self.edits)

    @cached_property
    def copies(self) -> Copies:
        from nhp_planner.model.store.copies import Copies

        return Copies(self._conn, self._reads)

    @cached_property
    def merging(self) -> MergeApplication:
        from nhp_planner.model.store.merging import MergeApplication

        return MergeApplication(self._conn, self._reads)

    @cached_property
    def conflicts(self) -> ConflictResolution:
        from nhp_planner.model.store.conflicts import ConflictResolution
        from nhp_planner.model.store.row_writes import RowWrites

        return ConflictResolution(self._conn, self._reads, self.edits, RowWrites(self._reads))

    @cached_property
    def findings(self) -> FindingRegister:
        from nhp_planner.model.store.findings import FindingRegister

        return FindingRegister(self._conn, self._reads, self.periods)

    @cached_property
    def actions(self) -> ActionRegister:
        from nhp_planner.model.store.actions import ActionRegister

        return ActionRegister(self._conn, self._reads, self.periods)

    @cached_property
    def measures(self) -> MeasureRecords:
        from nhp_planner.model.store.measures import MeasureRecords

        return MeasureRecords(self._conn)

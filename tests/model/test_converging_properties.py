"""Property (issue 18): three copies, every kind of edit, any exchange: they all end the same.

Each example is a run of steps on three copies of one plan (the owner's and two
leads'): field edits, adds (sometimes of a reference another copy also adds),
deletes, reorders, renumbers, objective retitles and swaps, new periods, the
board pack cover, the registers' items and actions (issue 20), conflict
resolutions, and merges between copies in any order. Then it checks
that merging the three in any order, or exchanging back and forth, ends with
identical plans; that merging again changes nothing; that every value typed
anywhere is in the history; and that every reference names its objective.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.actions import ActionStatus, CommitteeAction
from nhp_planner.model.entities import Deliverable, Objective, Plan
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.findings import InspectorateItem
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

REFS = ("1.1", "1.2", "1.3", "2.1", "2.2")
COPIES = 3

slot = st.integers(0, 9)
step = st.tuples(
    st.integers(0, COPIES - 1),
    st.one_of(
        st.tuples(st.just("summary_position"), slot),
        st.tuples(st.just("rag"), slot, st.sampled_from(list(Rag))),
        st.tuples(st.just("lead"), slot, st.sampled_from(["Shah", "Jones", None])),
        st.tuples(st.just("add"), st.sampled_from([1, 2]), st.booleans()),
        st.tuples(st.just("delete"), slot),
        st.tuples(st.just("reorder"), slot),
        st.tuples(st.just("renumber"), slot, st.integers(4, 7)),
        st.tuples(st.just("title"), st.sampled_from([0, 1])),
        st.tuples(st.just("swap_objectives")),
        st.tuples(st.just("period")),
        st.tuples(st.just("cover")),
        st.tuples(st.just("resolve"), st.sampled_from(["mine", "theirs"])),
        # The registers around the plan (issue 20): items and actions, per period.
        st.tuples(st.just("finding_progress"), slot),
        st.tuples(st.just("finding_link"), slot, slot),
        st.tuples(st.just("finding_add")),
        st.tuples(st.just("finding_delete"), slot),
        st.tuples(st.just("action_status"), slot, st.sampled_from(list(ActionStatus))),
        st.tuples(st.just("merge"), st.integers(0, COPIES - 1)),
        st.tuples(st.just("merge"), st.integers(0, COPIES - 1)),
    ),
)


class Run:
    """Three copies in a folder, and every value typed into them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        base = folder / "copy0.nhp"
        with PlanStore.create(
            base, Plan(title="p"), period=ReportingPeriod(2024, 1), user="owner"
        ) as store:
            store.add_objective(Objective(1, "One"))
            store.add_objective(Objective(2, "Two"))
            for ref in REFS:
                store.add_deliverable(Deliverable(ref, int(ref[0]), commitment=f"We will {ref}"))
            for n in (1, 2):
                store.findings.add(
                    InspectorateItem(report="PEEL 2022", ref=str(n), text=f"AFI {n}")
                )
                store.actions.add(CommitteeAction(number=f"{n}/2024/P", action=f"Action {n}"))
            self.paths = [base] + [
                store.make_copy(folder / f"copy{n}.nhp") for n in range(1, COPIES)
            ]
        self.typed: set[str] = set()
        self._pending: list[str] = []
        self.counter = 0

    def text(self, who: int) -> str:
        self.counter += 1
        value = f"<copy {who} wrote {self.counter}>"
        self._pending.append(value)
        return value

    def apply(self, who: int, action: tuple[Any, ...]) -> None:
        # Refused edits (a reference this copy already has) are told to the person, who moves on.
        self._pending = []
        with (
            PlanStore.open(self.paths[who], user=f"user{who}") as store,
            contextlib.suppress(ValidationError),
        ):
            self._apply(store, who, action)
            self.typed.update(self._pending)  # only what the plan took

    def _apply(self, store: PlanStore, who: int, action: tuple[Any, ...]) -> None:
        kind = action[0]
        deliverables = store.deliverables()
        chosen = None
        if deliverables and len(action) > 1 and isinstance(action[1], int):
            chosen = deliverables[action[1] % len(deliverables)]
        if kind == "summary_position" and chosen:
            store.update_deliverable(chosen.id, summary_position=self.text(who))
        elif kind in ("rag", "lead") and chosen:
            store.update_deliverable(chosen.id, **{kind: action[2]})
        elif kind == "add":
            objective = action[1]
            tails = [int(d.ref.split(".")[1]) for d in deliverables if d.objective == objective]
            # Half the time the next free ref here, which another copy may add too.
            tail = max(tails, default=0) + 1 if action[2] else 8
            store.add_deliverable(
                Deliverable(f"{objective}.{tail}", objective, commitment=self.text(who))
            )
        elif kind == "delete" and chosen:
            store.delete_deliverable(chosen.id)
        elif kind == "reorder" and chosen:
            same = [d for d in deliverables if d.objective == chosen.objective and d != chosen]
            if same:
                store.renumber_deliverables({chosen.id: same[0].ref, same[0].id: chosen.ref})
        elif kind == "renumber" and chosen:
            store.renumber_deliverables({chosen.id: f"{chosen.objective}.{action[2]}"})
        elif kind == "title":
            objectives = store.objectives()
            if objectives:
                store.update_objective(
                    objectives[action[1] % len(objectives)].id, title=self.text(who)
                )
        elif kind == "swap_objectives":
            objectives = store.objectives()
            if len(objectives) >= 2:
                first, second = objectives[0], objectives[1]
                store.renumber_objectives({first.id: second.number, second.id: first.number})
        elif kind == "period":
            current = store.current_period
            assert current is not None
            if current < ReportingPeriod(2024, 4):
                store.start_period(current.next())
        elif kind == "cover":
            cover = store.plan().cover
            store.update_plan(cover=dataclasses.replace(cover, summary=self.text(who)))
        elif kind == "resolve":
            conflicts = store.conflicts()
            if conflicts:
                store.resolve_conflicts([c.id for c in conflicts], take=action[1])
        elif kind.startswith(("finding", "action")):
            self._apply_register(store, who, action)
        elif kind == "merge" and action[1] != who:
            store.merge_from(self.paths[action[1]])

    def _apply_register(self, store: PlanStore, who: int, action: tuple[Any, ...]) -> None:
        kind = action[0]
        items, actions = store.findings.items(), store.actions.items()
        item = items[action[1] % len(items)] if items and len(action) > 1 else None
        if kind == "finding_progress" and item:
            store.findings.update(item.id, progress=self.text(who))
        elif kind == "finding_link" and item:
            deliverables = store.deliverables()
            if deliverables:
                linked = deliverables[action[2] % len(deliverables)].id
                store.findings.update(item.id, deliverable_ids=(linked,))
        elif kind == "finding_add":
            store.findings.add(
                InspectorateItem(report="PEEL 2023", ref=str(self.counter), text=self.text(who))
            )
        elif kind == "finding_delete" and item:
            store.findings.delete(item.id)
        elif kind == "action_status" and actions:
            chosen = actions[action[1] % len(actions)]
            store.actions.update(chosen.id, status=action[2])


def _dump(path: Path) -> str:
    """The plan in every period, with the board pack cover each earlier period filed."""
    with PlanStore.open(path, read_only=True) as store:
        dump = dump_store(store, history=True)
    conn = sqlite3.connect(path)
    covers = conn.execute("select * from period_covers order by period, field").fetchall()
    conn.close()
    return "\n".join([dump, repr(covers)])


def _record_ids(path: Path) -> set[str]:
    with PlanStore.open(path, read_only=True) as store:
        return {c.id for c in store.changes()}


@settings(
    max_examples=int(os.environ.get("NHP_MERGE_EXAMPLES", "12")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(step, min_size=4, max_size=18))
def test_copies_converge_whatever_the_edits_and_the_order(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(Path(tmp))
        for who, action in steps:
            run.apply(who, action)
        every_record = set().union(*(_record_ids(p) for p in run.paths))

        # Any merge order: each copy in turn takes in the other two, in both orders.
        outcomes = set()
        for n, order in enumerate(itertools.permutations(run.paths)):
            if n % 2:  # three of the six orders keep each example quick
                continue
            target = run.folder / f"order{n}.nhp"
            shutil.copy(order[0], target)
            with PlanStore.open(target) as store:
                for other in order[1:]:
                    store.merge_from(other)
            outcomes.add(_dump(target))
        assert len(outcomes) == 1

        # Back and forth: every copy merges every other, twice round.
        for _ in range(2):
            for here in run.paths:
                with PlanStore.open(here) as store:
                    for there in run.paths:
                        if there != here:
                            store.merge_from(there)
        dumps = {_dump(p) for p in run.paths}
        assert dumps == outcomes

        for path in run.paths:
            with PlanStore.open(path) as store:
                # Merging a copy again changes nothing.
                assert all(store.merge_from(p).changed_nothing for p in run.paths if p != path)
                # Nothing typed anywhere is missing from the history.
                history = store.changes()
                assert every_record <= {c.id for c in history}
                written = "\n".join(c.new or "" for c in history)  # values, and rows as JSON
                assert all(value in written for value in run.typed)
                # Every reference names its objective, in every period.
                for period in store.periods():
                    for d in store.deliverables(period):
                        assert d.ref.split(".")[0] == str(d.objective)

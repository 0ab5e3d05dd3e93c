"""Shared bits of the benchmarks: timing, and plans of any size built from realistic text."""

from __future__ import annotations

import dataclasses
import random
import statistics
import time
from collections.abc import Callable

from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag

_DATES = (
    "31/03/2024",
    "Ongoing",
    "TBC",
    "Complete",
    "End 2024",
    "Complete Review 2025",
    "26/01/2024",
)
_RAGS = (Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED, Rag.NOT_RATED)
_TEXT = (
    "We will work with partners to reduce anti-social behaviour in the night-time economy and "
    "publish ward profiles, training officers in problem solving and sharing intelligence with the "
    "council, housing providers and the business improvement district every quarter"
)
_WORDS = _TEXT.split()


def big_snapshot(count: int, *, objectives: int = 10, seed: int = 1) -> PlanSnapshot:
    """A plan of ``count`` deliverables with commitment and summary text of realistic length."""
    rng = random.Random(seed)
    per = -(-count // objectives)
    deliverables = []
    for n in range(count):
        objective = n // per + 1
        deliverables.append(
            Deliverable(
                ref=f"{objective}.{n % per + 1}",
                objective=objective,
                commitment=" ".join(rng.choices(_WORDS, k=18)),
                summary_position=" ".join(rng.choices(_WORDS, k=45)),
                rag=rng.choice(_RAGS),
                date_text=rng.choice(_DATES),
                lead=f"Inspector {rng.randint(1, 40)}",
            )
        )
    return PlanSnapshot(
        Plan(title=f"Benchmark plan of {count} deliverables"),
        ReportingPeriod(2024, 1),
        tuple(Objective(n, f"Objective number {n}") for n in range(1, objectives + 1)),
        tuple(deliverables),
    )


def best_of(repeat: int, job: Callable[[], object]) -> float:
    """Median wall time of ``repeat`` runs, in seconds (the median resists noisy neighbours)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def previous_of(snapshot: PlanSnapshot) -> PlanSnapshot:
    """The month before: a tenth of the deliverables had another RAG, a few did not exist."""
    rng = random.Random(7)
    earlier = []
    for deliverable in snapshot.deliverables:
        if rng.random() < 0.02:
            continue
        if rng.random() < 0.1:
            deliverable = dataclasses.replace(
                deliverable, rag=rng.choice([Rag.GREEN, Rag.AMBER, Rag.RED])
            )
        earlier.append(deliverable)
    return dataclasses.replace(
        snapshot, period=ReportingPeriod(2023, 12), deliverables=tuple(earlier)
    )

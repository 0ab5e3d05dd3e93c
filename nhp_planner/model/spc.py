"""Statistical process control for a measure's values: mean, limits and the exceptions to look into.

Committee performance papers read their charts this way (the Q3 2023/24 Policing
Plan performance report: "normal random variation ... within the expected
confidence limits (at 2 standard deviations, 95%) ... is noise"). The exceptions
are the papers' three rules, applied exactly as defined here:

* **Outside the limits**: a value strictly above the upper or strictly below the
  lower limit. A value exactly on a limit is inside.
* **A run of 7**: 7 or more points in a row strictly above the mean (or strictly
  below it). A point exactly on the mean, or a missing value, ends a run. Every
  point of such a run is flagged; a run of 6 is not an exception.
* **7 successive increases** (or decreases): 7 points in a row *each higher than
  the one before* ("a month on month increase for 7 months"), so the run spans 8
  values. The 7 points that rose are flagged, not the one they rose from. An equal
  value or a missing value ends the run.

Limits come from a baseline: all points, or the first ``first`` points, of each
phase. A change point (set when the process changed, e.g. a new recording rule)
starts a new phase with its own mean and limits, and runs and trends start again
there. Limits are either the mean ± 2 sample standard deviations (the papers') or
XmR limits, the mean ± 2.66 × the mean moving range (the moving range of each
value is its absolute difference from the value before; a missing value leaves
no moving range on either side of it). A phase whose baseline has fewer than two
values has no mean or limits and flags nothing.
"""

from __future__ import annotations

import enum
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

#: Points in a row above or below the mean that make a run exception.
RUN_LENGTH = 7
#: Successive increases (or decreases) that make a trend exception.
TREND_LENGTH = 7
#: Standard deviations either side of the mean (the papers' "2 standard deviations, 95%").
SIGMA_WIDTH = 2.0
#: XmR scaling of the mean moving range: 3 / d2, with d2 = 1.128 for ranges of two points.
XMR_FACTOR = 2.66


class LimitMethod(enum.Enum):
    """How the limits are worked out; the chart says which."""

    STANDARD_DEVIATION = "standard deviation"
    MOVING_RANGE = "moving range"

    @property
    def description(self) -> str:
        """For a chart's caption: "mean ± 2 standard deviations"."""
        if self is LimitMethod.STANDARD_DEVIATION:
            return "mean ± 2 standard deviations"
        return "mean ± 2.66 × mean moving range (XmR)"


class Rule(enum.Enum):
    """An exception rule a point breaks."""

    ABOVE_LIMIT = "above the upper limit"
    BELOW_LIMIT = "below the lower limit"
    RUN_ABOVE = f"run of {RUN_LENGTH} or more above the mean"
    RUN_BELOW = f"run of {RUN_LENGTH} or more below the mean"
    TREND_UP = f"{TREND_LENGTH} or more successive increases"
    TREND_DOWN = f"{TREND_LENGTH} or more successive decreases"

    @property
    def side(self) -> Side:
        """Whether the rule says the values are high or low."""
        return Side.HIGH if self in _HIGH_RULES else Side.LOW


class Side(enum.Enum):
    """Which way an exception points."""

    HIGH = "high"
    LOW = "low"


_HIGH_RULES = frozenset({Rule.ABOVE_LIMIT, Rule.RUN_ABOVE, Rule.TREND_UP})


class Polarity(enum.Enum):
    """Which direction is good for a measure."""

    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"
    NEITHER = "neither"


class Judgement(enum.Enum):
    """An exception read through the measure's polarity."""

    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    INVESTIGATE = "to investigate"


def judge(side: Side, polarity: Polarity) -> Judgement:
    """A high or low exception is an improvement or a concern, depending on the polarity."""
    if polarity is Polarity.NEITHER:
        return Judgement.INVESTIGATE
    good = Side.HIGH if polarity is Polarity.HIGHER_IS_BETTER else Side.LOW
    return Judgement.IMPROVEMENT if side is good else Judgement.CONCERN


@dataclass(frozen=True, slots=True)
class Baseline:
    """Which values the mean and limits come from.

    Args:
        first: use only the first ``first`` values of each phase (None: all of them).
        change_points: indexes where the process changed; each starts a new phase.
    """

    first: int | None = None
    change_points: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.first is not None and self.first < 2:
            raise ValueError("A baseline needs at least two values.")
        object.__setattr__(self, "change_points", tuple(sorted(set(self.change_points))))


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of the series with one mean and one pair of limits (None: too few values)."""

    start: int
    #: One past the last index.
    end: int
    mean: float | None
    lower: float | None
    upper: float | None
    #: How many values the mean and limits came from.
    baseline_count: int


@dataclass(frozen=True, slots=True)
class SpcPoint:
    """One period's value and the rules it breaks (missing values break none)."""

    index: int
    value: float | None
    rules: frozenset[Rule]

    @property
    def is_exception(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True, slots=True)
class SpcResult:
    """The chart's numbers: each phase's mean and limits and each point's exceptions."""

    method: LimitMethod
    phases: tuple[Phase, ...]
    points: tuple[SpcPoint, ...]

    def phase_at(self, index: int) -> Phase:
        return next(p for p in self.phases if p.start <= index < p.end)

    @property
    def exceptions(self) -> tuple[SpcPoint, ...]:
        return tuple(p for p in self.points if p.rules)


def analyse(
    values: Sequence[float | None],
    method: LimitMethod = LimitMethod.STANDARD_DEVIATION,
    baseline: Baseline = Baseline(),
) -> SpcResult:
    """Mean, limits and exceptions for a series in period order (None: no value that period)."""
    bounds = [0, *(c for c in baseline.change_points if 0 < c < len(values)), len(values)]
    phases: list[Phase] = []
    rules: list[set[Rule]] = [set() for _ in values]
    for start, end in itertools.pairwise(bounds):
        phase = _phase(values, start, end, method, baseline.first)
        phases.append(phase)
        if phase.mean is None:
            continue
        _mark_limits(values, phase, rules)
        _mark_runs(values, phase, phase.mean, rules)
        _mark_trends(values, phase, rules)
    points = tuple(
        SpcPoint(index, value, frozenset(found))
        for index, (value, found) in enumerate(zip(values, rules, strict=True))
    )
    return SpcResult(method, tuple(phases), points)


def _phase(
    values: Sequence[float | None], start: int, end: int, method: LimitMethod, first: int | None
) -> Phase:
    present = [(i, v) for i, v in enumerate(values[start:end], start) if v is not None]
    if first is not None:
        present = present[:first]
    if len(present) < 2:
        return Phase(start, end, None, None, None, len(present))
    numbers = [v for _, v in present]
    mean = statistics.fmean(numbers)
    if method is LimitMethod.STANDARD_DEVIATION:
        width = SIGMA_WIDTH * statistics.stdev(numbers, mean)
    else:
        ranges = [abs(b - a) for (i, a), (j, b) in itertools.pairwise(present) if j == i + 1]
        width = XMR_FACTOR * statistics.fmean(ranges) if ranges else 0.0
    return Phase(start, end, mean, mean - width, mean + width, len(present))


def _mark_limits(values: Sequence[float | None], phase: Phase, rules: list[set[Rule]]) -> None:
    assert phase.lower is not None and phase.upper is not None
    for index in range(phase.start, phase.end):
        value = values[index]
        if value is None:
            continue
        if value > phase.upper:
            rules[index].add(Rule.ABOVE_LIMIT)
        elif value < phase.lower:
            rules[index].add(Rule.BELOW_LIMIT)


def _mark_runs(
    values: Sequence[float | None], phase: Phase, mean: float, rules: list[set[Rule]]
) -> None:
    """Flag every point of each run of ``RUN_LENGTH`` or more strictly on one side of the mean."""

    def side(value: float | None) -> Rule | None:
        if value is None or value == mean:
            return None
        return Rule.RUN_ABOVE if value > mean else Rule.RUN_BELOW

    _mark_stretches(
        [side(values[i]) for i in range(phase.start, phase.end)], phase.start, RUN_LENGTH, rules
    )


def _mark_trends(values: Sequence[float | None], phase: Phase, rules: list[set[Rule]]) -> None:
    """Flag the points of each stretch of ``TREND_LENGTH`` or more rises (or falls) in a row."""
    steps: list[Rule | None] = [None]
    for index in range(phase.start + 1, phase.end):
        before, value = values[index - 1], values[index]
        if before is None or value is None or value == before:
            steps.append(None)
        else:
            steps.append(Rule.TREND_UP if value > before else Rule.TREND_DOWN)
    _mark_stretches(steps, phase.start, TREND_LENGTH, rules)


def _mark_stretches(
    labels: Sequence[Rule | None], offset: int, length: int, rules: list[set[Rule]]
) -> None:
    """Add each label to every position of a stretch of at least ``length`` equal labels."""
    start = 0
    for end in range(1, len(labels) + 1):
        if end < len(labels) and labels[end] == labels[start]:
            continue
        label = labels[start]
        if label is not None and end - start >= length:
            for index in range(start, end):
                rules[offset + index].add(label)
        start = end

"""Performance measures: what is counted, which way is good, the values per period and their story.

A measure is reported monthly or quarterly. Quarters are UK financial quarters
(Q1 = April to June) and are written as the papers write them, "Q3 2023/24". A
period with no value is missing, never zero: it is left out of the mean and
limits and breaks runs (see :mod:`nhp_planner.model.spc`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nhp_planner.model.dates import MONTH_NAMES
from nhp_planner.model.entities import new_id
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.spc import (
    Baseline,
    Judgement,
    LimitMethod,
    Polarity,
    Rule,
    SpcResult,
    analyse,
    judge,
)


class Frequency(enum.Enum):
    """How often a measure is reported."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def per_year(self) -> int:
        return 12 if self is Frequency.MONTHLY else 4


class Unit(enum.Enum):
    """What a measure's values count."""

    COUNT = "count"
    PERCENT = "%"
    DAYS = "days"

    def show(self, value: float) -> str:
        """A value as a paper prints it: "413", "21%", "4.5 days"."""
        number = _number(value)
        if self is Unit.PERCENT:
            return f"{number}%"
        if self is Unit.DAYS:
            return f"{number} days"
        return number


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_NAME = re.compile(rf"^({_MONTH_WORD})\.?[\s\-/,]*(\d{{4}}|\d{{2}})$", re.IGNORECASE)
_YEARS = r"(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})"
_QUARTER_FIRST = re.compile(rf"^Q\s*([1-4])\s*(?:FY\s*)?{_YEARS}$", re.IGNORECASE)
_YEARS_FIRST = re.compile(rf"^(?:FY\s*)?{_YEARS}\s*Q\s*([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class MeasurePeriod:
    """A month ("2024-01") or a UK financial quarter ("Q3 2023/24") a value belongs to.

    For a quarter, ``year`` is the year its financial year starts: Q3 2023/24 is
    ``MeasurePeriod(QUARTERLY, 2023, 3)``, October to December 2023.
    """

    frequency: Frequency
    year: int
    #: The month (1-12) or the quarter (1-4).
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= self.frequency.per_year or not 1900 <= self.year <= 9998:
            raise ValidationError(f"{self.year} {self.frequency.value} {self.number} is no period.")

    @classmethod
    def month(cls, year: int, month: int) -> MeasurePeriod:
        return cls(Frequency.MONTHLY, year, month)

    @classmethod
    def quarter(cls, financial_year: int, quarter: int) -> MeasurePeriod:
        return cls(Frequency.QUARTERLY, financial_year, quarter)

    @classmethod
    def containing(cls, day: dt.date, frequency: Frequency) -> MeasurePeriod:
        """The month, or the financial quarter, a day falls in."""
        if frequency is Frequency.MONTHLY:
            return cls.month(day.year, day.month)
        months_in = (day.month - 4) % 12
        return cls.quarter(day.year if day.month >= 4 else day.year - 1, months_in // 3 + 1)

    @classmethod
    def parse(cls, text: str, frequency: Frequency) -> MeasurePeriod:
        """Read a period as people write it.

        Months: "2024-01", "January 2024", "Jan 24". Quarters: "Q3 2023/24",
        "Q3 23/24", "Q3 2023-24", "2023/24 Q3".

        Raises:
            ValidationError: the text is not a period of that frequency.
        """
        clean = " ".join(text.split())
        found = _read_month(clean) if frequency is Frequency.MONTHLY else _read_quarter(clean)
        if found is None:
            example = "2024-01 or January 2024" if frequency is Frequency.MONTHLY else "Q3 2023/24"
            raise ValidationError(
                f"'{text}' is not a {frequency.value} period (expected e.g. {example})."
            )
        return found

    @property
    def ordinal(self) -> int:
        """Periods of one frequency counted from year 0: differences are distances in periods."""
        return self.year * self.frequency.per_year + self.number - 1

    def shifted(self, periods: int) -> MeasurePeriod:
        """The period ``periods`` later (earlier when negative)."""
        year, index = divmod(self.ordinal + periods, self.frequency.per_year)
        return MeasurePeriod(self.frequency, year, index + 1)

    def previous(self) -> MeasurePeriod:
        return self.shifted(-1)

    def year_before(self) -> MeasurePeriod:
        return self.shifted(-self.frequency.per_year)

    @property
    def first_day(self) -> dt.date:
        year, month = self._first_month()
        return dt.date(year, month, 1)

    @property
    def last_day(self) -> dt.date:
        """The period's last day: a value is known only once its period has ended."""
        following = self.shifted(1)
        return following.first_day - dt.timedelta(days=1)

    def _first_month(self) -> tuple[int, int]:
        if self.frequency is Frequency.MONTHLY:
            return self.year, self.number
        month = 4 + 3 * (self.number - 1)
        return (self.year, month) if month <= 12 else (self.year + 1, month - 12)

    @property
    def key(self) -> str:
        """How the plan file and trackers write it: "2024-01", "Q3 2023/24"."""
        if self.frequency is Frequency.MONTHLY:
            return f"{self.year:04d}-{self.number:02d}"
        return self.label

    @property
    def label(self) -> str:
        """For people: "January 2024", "Q3 2023/24"."""
        if self.frequency is Frequency.MONTHLY:
            return f"{MONTH_NAMES[self.number - 1]} {self.year}"
        return f"Q{self.number} {self.year}/{(self.year + 1) % 100:02d}"

    @property
    def short_label(self) -> str:
        """For a chart's axis: "Jan 2024", "Q3 2023/24"."""
        if self.frequency is Frequency.MONTHLY:
            return f"{MONTH_NAMES[self.number - 1][:3]} {self.year}"
        return self.label

    def __str__(self) -> str:
        return self.key


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _read_month(text: str) -> MeasurePeriod | None:
    if match := _MONTH_KEY.match(text):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_NAME.match(text):
        year, month = _full_year(match.group(2)), _MONTHS[match.group(1).lower()]
    else:
        return None
    return MeasurePeriod.month(year, month) if 1 <= month <= 12 else None


def _read_quarter(text: str) -> MeasurePeriod | None:
    if match := _QUARTER_FIRST.match(text):
        quarter, start, end = match.group(1), match.group(2), match.group(3)
    elif match := _YEARS_FIRST.match(text):
        start, end, quarter = match.group(1), match.group(2), match.group(3)
    else:
        return None
    first = _full_year(start)
    # "2023/24": the second year must follow the first, or the text meant something else.
    if _full_year(end) % 100 != (first + 1) % 100 or (len(end) == 4 and int(end) != first + 1):
        return None
    return MeasurePeriod.quarter(first, int(quarter))


@dataclass(frozen=True, slots=True)
class Narrative:
    """A period's "Reasons" (why the data moved) and "Response" (what is being done), as written."""

    reasons: str = ""
    response: str = ""

    def __bool__(self) -> bool:
        return bool(self.reasons or self.response)


@dataclass(frozen=True, slots=True)
class Measure:
    """A performance measure, its SPC settings, its values and narratives per period."""

    name: str
    frequency: Frequency
    definition: str = ""
    unit: Unit = Unit.COUNT
    polarity: Polarity = Polarity.LOWER_IS_BETTER
    target: float | None = None
    lead: str | None = None
    deliverable_ids: tuple[str, ...] = ()
    objective_ids: tuple[str, ...] = ()
    method: LimitMethod = LimitMethod.STANDARD_DEVIATION
    #: Limits from the first N values of each phase (None: all values).
    baseline_first: int | None = None
    #: Periods from which the process changed: each starts new limits.
    change_points: tuple[MeasurePeriod, ...] = ()
    values: Mapping[MeasurePeriod, float] = dataclasses.field(default_factory=dict)
    narratives: Mapping[MeasurePeriod, Narrative] = dataclasses.field(default_factory=dict)
    id: str = dataclasses.field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("A measure needs a name.")
        if self.baseline_first is not None and self.baseline_first < 2:
            raise ValidationError(
                f"Measure '{self.name}': a baseline needs at least two values, "
                f"not {self.baseline_first}."
            )
        for period in (*self.values, *self.narratives, *self.change_points):
            if period.frequency is not self.frequency:
                raise ValidationError(
                    f"Measure '{self.name}' is {self.frequency.value}, so it has no period "
                    f"{period.label}."
                )
        for period, value in self.values.items():
            if not math.isfinite(value):
                raise ValidationError(
                    f"Measure '{self.name}', {period.label}: {value} is not a number."
                )

    def periods(self, until: MeasurePeriod | None = None) -> tuple[MeasurePeriod, ...]:
        """Every period from the first with a value or narrative to the last (or ``until``).

        Periods in between without a value are included: a gap shows on the chart.
        """
        known = [*self.values, *self.narratives]
        if until is not None:
            known = [p for p in known if p <= until]
        if not known:
            return ()
        first, last = min(known), max(known) if until is None else until
        return tuple(first.shifted(n) for n in range(last.ordinal - first.ordinal + 1))

    def series(self, periods: tuple[MeasurePeriod, ...]) -> list[float | None]:
        return [self.values.get(p) for p in periods]


@dataclass(frozen=True, slots=True)
class Change:
    """How a value compares with an earlier period's."""

    since: MeasurePeriod
    before: float | None
    now: float | None

    @property
    def difference(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before

    @property
    def percent(self) -> float | None:
        difference = self.difference
        if difference is None or self.before == 0:
            return None
        assert self.before is not None
        return 100 * difference / abs(self.before)

    def describe(self, unit: Unit) -> str:
        """As the papers say it: "up 10% (+38) since Q2 2023/24"; percentages move in points."""
        difference = self.difference
        if difference is None:
            return f"no value to compare with in {self.since.label}"
        if difference == 0:
            return f"the same as in {self.since.label}"
        word = "up" if difference > 0 else "down"
        signed = f"{'+' if difference > 0 else '-'}{_number(abs(difference))}"
        if unit is Unit.PERCENT:
            return f"{word} {signed[1:]} percentage points since {self.since.label}"
        percent = self.percent
        share = f"{abs(percent):.0f}% ({signed})" if percent is not None else signed
        return f"{word} {share} since {self.since.label}"


@dataclass(frozen=True, slots=True)
class MeasureException:
    """One period's exceptions, judged through the measure's polarity."""

    period: MeasurePeriod
    value: float
    rules: frozenset[Rule]

    def judgements(self, polarity: Polarity) -> frozenset[Judgement]:
        return frozenset(judge(rule.side, polarity) for rule in self.rules)


@dataclass(frozen=True, slots=True)
class MeasureReading:
    """A measure as at one period: its SPC over every period to then, and its exceptions."""

    measure: Measure
    periods: tuple[MeasurePeriod, ...]
    spc: SpcResult

    @property
    def latest(self) -> MeasurePeriod | None:
        return self.periods[-1] if self.periods else None

    @property
    def exceptions(self) -> tuple[MeasureException, ...]:
        return tuple(
            MeasureException(self.periods[p.index], p.value, p.rules)
            for p in self.spc.points
            if p.rules and p.value is not None
        )

    def change(self, since: MeasurePeriod) -> Change | None:
        """The latest value against ``since``'s (None when there is no latest period)."""
        latest = self.latest
        if latest is None:
            return None
        return Change(since, self.measure.values.get(since), self.measure.values.get(latest))

    def describe_exceptions(self) -> list[str]:
        """The exceptions in words, in period order: each point outside the limits, each run
        and each trend once ("Q3 2020/21 to Q2 2022/23: 8 points in a row below the mean")."""
        polarity = self.measure.polarity
        unit = self.measure.unit
        found: list[tuple[int, int, str]] = []
        for order, rule in enumerate(Rule):
            judged = judge(rule.side, polarity).value
            flagged = [p for p in self.spc.points if rule in p.rules and p.value is not None]
            if rule in (Rule.ABOVE_LIMIT, Rule.BELOW_LIMIT):
                for point in flagged:
                    assert point.value is not None
                    period = self.periods[point.index]
                    found.append(
                        (
                            point.index,
                            order,
                            f"{period.label} ({unit.show(point.value)}): {rule.value} ({judged}).",
                        )
                    )
                continue
            for first, last in _stretches([p.index for p in flagged]):
                count = last - first + 1
                if rule in (Rule.RUN_ABOVE, Rule.RUN_BELOW):
                    side = "above" if rule is Rule.RUN_ABOVE else "below"
                    what = f"{count} points in a row {side} the mean"
                else:
                    # A trend is told from the value it rose (or fell) from.
                    first -= 1
                    rises = "increases" if rule is Rule.TREND_UP else "decreases"
                    what = f"{count} successive {rises}"
                span = f"{self.periods[first].label} to {self.periods[last].label}"
                found.append((first, order, f"{span}: {what} ({judged})."))
        return [text for _, _, text in sorted(found)]


def _stretches(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive indexes grouped: [1, 2, 3, 7, 8] gives (1, 3) and (7, 8)."""
    groups: list[tuple[int, int]] = []
    for index in indexes:
        if groups and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index)
        else:
            groups.append((index, index))
    return groups


def read_measure(measure: Measure, until: MeasurePeriod | None = None) -> MeasureReading:
    """The measure's SPC over its periods up to ``until`` (all of them with None)."""
    periods = measure.periods(until)
    index = {p: i for i, p in enumerate(periods)}
    changes = tuple(index[p] for p in measure.change_points if p in index)
    baseline = Baseline(measure.baseline_first, changes)
    return MeasureReading(
        measure, periods, analyse(measure.series(periods), measure.method, baseline)
    )


def exceptions_summary(measures: Iterable[Measure]) -> list[dict[str, Any]]:
    """Each measure's exceptions as plain data (``summary --json``): rules and judgements named."""
    out = []
    for measure in measures:
        reading = read_measure(measure)
        out.append(
            {
                "id": measure.id,
                "name": measure.name,
                "frequency": measure.frequency.value,
                "polarity": measure.polarity.value,
                "latest": reading.latest.key if reading.latest else None,
                "exceptions": [
                    {
                        "period": e.period.key,
                        "value": e.value,
                        "rules": [rule.name.lower() for rule in Rule if rule in e.rules],
                        "judgements": sorted(j.value for j in e.judgements(measure.polarity)),
                    }
                    for e in reading.exceptions
                ],
                "described": reading.describe_exceptions(),
            }
        )
    return out

"""What the paper says about each performance measure, decided once for the PDF pack and Word.

Pure (no reportlab, no python-docx). As the Q3 2023/24 Policing Plan
performance report does, each measure gets its chart, the last four values
("Q4 2022/23 | Q1 2023/24 | Q2 2023/24 | Q3 2023/24"), the change since the
period before and the same period a year before, its exceptions in words, and
the author's "Reasons" and "Response". Everything is as at the paper's date: a
period that has not ended by then is left out, and a narrative written for an
earlier period is printed with the period it was written for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nhp_planner.model.measures import Measure, MeasurePeriod, MeasureReading, read_measure

SECTION_TITLE = "Performance measures"
#: Values in the table under each chart, as the papers print them.
TABLE_PERIODS = 4
NO_VALUE = "no value"
SPC_NOTE = (
    "The charts are statistical process control charts: variation within the limits "
    "(the mean ± 2 standard deviations, about 95%, unless a chart says otherwise) is normal "
    "noise. The exceptions that need investigating are a point outside the limits, a run of "
    "7 points above or below the mean, and 7 successive increases or decreases. ▲ marks a "
    "high exception and ▼ a low one; whether that is an improvement or a concern depends on "
    "which direction is good for the measure."
)


@dataclass(frozen=True, slots=True)
class MeasureContent:
    """One measure's part of the section, every sentence in final form."""

    measure: Measure
    reading: MeasureReading
    heading: str
    #: "Lead: …; quarterly; lower is better; target 400", for under the heading.
    about: str
    #: The last values, oldest first: (period label, value as printed).
    table: tuple[tuple[str, str], ...]
    #: "Q3 2023/24: 409, up 10% (+38) since Q2 2023/24; no value to compare with in …".
    change: str
    exceptions: tuple[str, ...]
    #: The Reasons and Response, and "" or "(written for Q2 2023/24)" when carried forward.
    reasons: str
    response: str
    narrative_note: str


def latest_period(measure: Measure, as_at: dt.date) -> MeasurePeriod:
    """The last period of the measure's frequency that has ended by ``as_at``."""
    current = MeasurePeriod.containing(as_at, measure.frequency)
    return current if current.last_day <= as_at else current.previous()


def measure_content(measure: Measure, as_at: dt.date) -> MeasureContent:
    """What the paper prints for one measure as at ``as_at``."""
    until = latest_period(measure, as_at)
    reading = read_measure(measure, until)
    unit = measure.unit
    table = tuple(
        (p.label, unit.show(v) if (v := measure.values.get(p)) is not None else NO_VALUE)
        for p in reading.periods[-TABLE_PERIODS:]
    )
    about = [f"Lead: {measure.lead}" if measure.lead else "", measure.frequency.value]
    about += [measure.polarity.value if measure.polarity.value != "neither" else ""]
    about += [f"target {unit.show(measure.target)}" if measure.target is not None else ""]
    latest = reading.latest
    if latest is None:
        change = f"No values up to {until.label}."
    else:
        now = measure.values.get(latest)
        shown = unit.show(now) if now is not None else NO_VALUE
        parts = [
            c.describe(unit)
            for c in (reading.change(latest.previous()), reading.change(latest.year_before()))
            if c is not None
        ]
        change = f"{latest.label}: {shown}" + (f", {'; '.join(parts)}." if now is not None else ".")
    story_period = next(
        (
            p
            for p in sorted(measure.narratives, reverse=True)
            if p <= until and measure.narratives[p]
        ),
        None,
    )
    story = measure.narratives.get(story_period) if story_period is not None else None
    note = ""
    if story_period is not None and story_period != latest:
        note = f"(written for {story_period.label})"
    return MeasureContent(
        measure=measure,
        reading=reading,
        heading=measure.name,
        about=_sentence_case("; ".join(part for part in about if part)),
        table=table,
        change=change,
        exceptions=tuple(reading.describe_exceptions()),
        reasons=story.reasons if story else "",
        response=story.response if story else "",
        narrative_note=note,
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def measures_content(measures: Sequence[Measure], as_at: dt.date) -> list[MeasureContent]:
    """Every measure's content, in the order given."""
    return [measure_content(m, as_at) for m in measures]

"""Benchmark (issue 21): 200 measures × 60 periods, every exception and the measures section.

Run: .venv/bin/python benchmarks/bench_measures.py [MEASURES [PERIODS]]

Timed: every measure's SPC (mean, limits, the three exception rules) as at the
paper's date, its content (last four values, change, exceptions in words,
Reasons and Response) and the "Performance measures" section laid out as PDF
pages of the pack (chart, values table, narrative per measure).

The floor, measured in the same run: bare reportlab drawing the same charts
into a PDF, one per measure: the value line and its dots, the mean and both
limits, the grid with its labels, the period labels, the legend and caption,
from coordinates worked out before the clock starts. Any section has to draw
at least that. Aim: the section at most 1.5x the floor.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, SimpleDocTemplate

from benchmarks._common import best_of
from nhp_planner.io.board_pack.document import build_document
from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.styles import FONT, register_fonts
from nhp_planner.io.measures_paper import measures_content
from nhp_planner.io.measures_pdf import CHART_WIDTH, measures_story
from nhp_planner.io.paper.content import DocumentInfo
from nhp_planner.io.spc_chart import HEIGHT
from nhp_planner.model.measures import (
    Frequency,
    Measure,
    MeasurePeriod,
    Narrative,
    Unit,
    read_measure,
)
from nhp_planner.model.spc import Polarity

AS_AT = dt.date(2024, 2, 22)
_REASONS = (
    "Neighbourhood crime has increased by 9% (+38) from Q2 to Q3. There has been a decrease of "
    "4% (-19) since Q1 23/24 and an overall decrease of 16% (-80) since the highest count. Crime "
    "predictions indicated increases for this category in Q3 as we know these are high months."
)
_RESPONSE = (
    "There has been a significant response in terms of intelligence led policing, with targeted "
    "operations on theft from the person, a Cycle Team now permanently established, and National "
    "Safer Business week, a joint initiative targeting repeat and prolific offenders."
)


def big_measures(count: int, periods: int, seed: int = 21) -> list[Measure]:
    """Half quarterly, half monthly; random walks with a shift, a run and a spike or two."""
    rng = random.Random(seed)
    measures = []
    for n in range(count):
        frequency = Frequency.QUARTERLY if n % 2 == 0 else Frequency.MONTHLY
        last = MeasurePeriod.containing(AS_AT, frequency).previous()
        first = last.shifted(1 - periods)
        level = rng.uniform(50, 900)
        values: dict[MeasurePeriod, float] = {}
        for i in range(periods):
            if i == periods // 2:
                level *= rng.choice((0.8, 1.0, 1.25))
            if rng.random() < 0.03:
                continue  # a missing value
            spike = rng.choice((0, 0, 0, 0, 0, 0, 0, 0, 0, 3)) * level * 0.05
            values[first.shifted(i)] = round(level + rng.gauss(0, level * 0.05) + spike)
        measures.append(
            Measure(
                f"Measure {n + 1}: reduce neighbourhood crime in ward {n % 25 + 1}",
                frequency,
                definition="Burglary residential, robbery personal, vehicle crime, theft.",
                unit=Unit.COUNT,
                polarity=rng.choice(list(Polarity)),
                target=round(level * 0.95) if n % 3 == 0 else None,
                lead=f"Inspector {n % 40 + 1}",
                values=values,
                narratives={last: Narrative(_REASONS, _RESPONSE)},
            )
        )
    return measures


def section(measures: list[Measure]) -> int:
    """Every exception, the content, and the section's PDF pages in the pack's document."""
    story = [
        NextPageTemplate("landscape"),
        PageBreak(),
        *measures_story(measures_content(measures, AS_AT)),
    ]
    return build_document(
        story,
        io.BytesIO(),
        heading="Benchmark plan",
        period="Q3 2023/24",
        classification="Public",
        progress=Progress(None, 1),
        info=DocumentInfo("Performance measures", "Business Information", "Benchmark", ""),
    )


def floor_drawings(measures: list[Measure]) -> list[list[tuple[str, tuple[object, ...]]]]:
    """Each chart's primitives with their coordinates, worked out before timing."""
    charts = []
    width, height = CHART_WIDTH, HEIGHT
    left, bottom, plot_w, plot_h = 34.0, 30.0, width - 86.0, height - 50.0
    for measure in measures:
        periods = measure.periods()
        numbers = list(measure.values.values())
        mean, sd = statistics.fmean(numbers), statistics.stdev(numbers)
        low, high = min([*numbers, mean - 2 * sd]), max([*numbers, mean + 2 * sd])
        step = plot_w / len(periods)

        def x(i: float, step: float = step) -> float:
            return left + (i + 0.5) * step

        def y(v: float, low: float = low, high: float = high) -> float:
            return bottom + (v - low) / (high - low) * plot_h

        shapes: list[tuple[str, tuple[object, ...]]] = []
        for k in range(6):
            value = low + (high - low) * k / 5
            shapes.append(("line", (left, y(value), left + plot_w, y(value))))
            shapes.append(("string", (left - 3, y(value), f"{value:.0f}")))
        for i, period in enumerate(periods):
            shapes.append(("line", (x(i), bottom, x(i), bottom - 2.5)))
            if (len(periods) - 1 - i) % 4 == 0:
                shapes.append(("string", (x(i), bottom - 11, period.short_label)))
        for value in (mean, mean - 2 * sd, mean + 2 * sd):
            shapes.append(("line", (left, y(value), left + plot_w, y(value))))
            shapes.append(("string", (left + plot_w + 3, y(value), f"Mean {value:.1f}")))
        points: list[float] = []
        for i, period in enumerate(periods):
            if period in measure.values:
                points += [x(i), y(measure.values[period])]
                shapes.append(("dot", (x(i), y(measure.values[period]))))
        shapes.append(("polyline", (points,)))
        # The exception markers, where the section's chart puts them (found before timing).
        reading = read_measure(measure, periods[-1])
        for point in reading.spc.points:
            if point.rules and point.value is not None:
                px, py = x(point.index), y(point.value)
                shapes.append(
                    ("triangle", ([px - 4.6, py - 2.8, px + 4.6, py - 2.8, px, py + 4.6],))
                )
        for text in ("Value", "Mean", "Limits", "Target", "Limits: mean ± 2 standard deviations"):
            shapes.append(("string", (left, height - 10, text)))
        charts.append(shapes)
    return charts


def floor(charts: list[list[tuple[str, tuple[object, ...]]]]) -> None:
    """Bare reportlab: the same charts drawn from ready coordinates, one after another."""
    story = []
    for shapes in charts:
        drawing = Drawing(CHART_WIDTH, HEIGHT)
        for kind, args in shapes:
            if kind == "line":
                drawing.add(Line(*args, strokeWidth=0.8))
            elif kind == "string":
                drawing.add(String(*args, fontName=FONT, fontSize=7))
            elif kind == "triangle":
                drawing.add(Polygon(*args, fillColor="red", strokeColor="white", strokeWidth=0.8))
            elif kind == "dot":
                drawing.add(Circle(*args, 2.2, fillColor="black", strokeColor=None))
            else:
                drawing.add(PolyLine(*args, strokeWidth=1.3))
        story.append(drawing)
    SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4), leftMargin=14 * mm).build(story)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    periods = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    register_fonts()
    measures = big_measures(count, periods)
    charts = floor_drawings(measures)
    pages: list[int] = []
    # Interleaved, so a neighbour's burst of work falls on both sides alike.
    floor_times, section_times = [], []
    for _ in range(5):
        floor_times.append(best_of(1, lambda: floor(charts)))
        section_times.append(best_of(1, lambda: pages.append(section(measures))))
    floor_time, section_time = statistics.median(floor_times), statistics.median(section_times)
    exceptions = sum(len(c.exceptions) for c in measures_content(measures, AS_AT))
    print(
        f"{count} measures × {periods} periods: section {section_time:.2f} s ({pages[-1]} pages, "
        f"{exceptions} exception lines), floor {floor_time:.2f} s, section/floor "
        f"{section_time / floor_time:.2f}x (aim <= 1.5x)"
    )


if __name__ == "__main__":
    main()

"""SPC charts for print: what the drawing holds, the PNG of it, and its alternative text."""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, Shape, String

from nhp_planner.io.spc_chart import JUDGEMENT_COLOUR, alt_text, spc_drawing, spc_png
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Unit, read_measure
from nhp_planner.model.spc import Judgement, LimitMethod, Polarity

Q = MeasurePeriod.quarter

#: The agenda pack's four quarters (Q4 2022/23 to Q3 2023/24) after a made-up history that
#: peaks at 489 in Q2 2022/23 ("-80 since the highest ... in Q2 22/23"); Q1 2021/22 is missing.
HISTORY = (452, 470, None, 489, 463, 476, 468, 489, 455, 413, 428, 371, 409)


def crime_measure(**overrides: object) -> Measure:
    start = Q(2020, 3)
    values = {start.shifted(i): float(v) for i, v in enumerate(HISTORY) if v is not None}
    fields: dict[str, object] = {
        "name": "Reduce Neighbourhood Crime",
        "frequency": Frequency.QUARTERLY,
        "values": values,
        "target": 420.0,
    }
    fields.update(overrides)
    return Measure(**fields)  # type: ignore[arg-type]


def shapes(drawing: Drawing | Group) -> Iterator[Shape]:
    for item in drawing.contents:
        if isinstance(item, Group):
            yield from shapes(item)
        else:
            yield item


def strings(drawing: Drawing) -> list[str]:
    return [s.text for s in shapes(drawing) if isinstance(s, String)]


def pdf_text(drawing: Drawing) -> str:
    reader = PdfReader(io.BytesIO(renderPDF.drawToString(drawing)))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_chart_prints_periods_as_the_papers_write_them_and_its_limit_method() -> None:
    reading = read_measure(crime_measure())
    text = pdf_text(spc_drawing(reading))
    for label in ("Q3 2023/24", "Q1 2023/24", "Q3 2022/23"):
        assert label in text
    # mean of the twelve values 5383 / 12 = 448.58; sd 36.17; limits 376.2 and 520.9.
    assert "Mean 448.6" in text
    assert "Upper 520.9" in text
    assert "Lower 376.2" in text
    assert "Target 420" in text
    assert "Limits: mean ± 2 standard deviations, from all 12 values." in text


def test_the_moving_range_method_is_stated() -> None:
    reading = read_measure(crime_measure(method=LimitMethod.MOVING_RANGE))
    assert "Limits: mean ± 2.66 × mean moving range (XmR), from all 12 values." in strings(
        spc_drawing(reading)
    )


def test_an_exception_is_marked_by_shape_as_well_as_colour() -> None:
    # Q2 2023/24 (371) is below the lower limit 376.2: lower is better, so an improvement.
    reading = read_measure(crime_measure())
    drawing = spc_drawing(reading)
    triangles = [s for s in shapes(drawing) if isinstance(s, Polygon)]
    dots = [s for s in shapes(drawing) if isinstance(s, Circle)]
    # One marker on the chart and one in the legend, both pointing down, in the improvement colour.
    assert len(triangles) == 2
    for triangle in triangles:
        xs, ys = triangle.points[0::2], triangle.points[1::2]
        tip = ys[2]
        assert tip < min(ys[:2]), "a low exception points down"
        assert max(xs) - min(xs) > 6, "bigger than a value's dot"
        assert triangle.fillColor == JUDGEMENT_COLOUR[Judgement.IMPROVEMENT]
    # Twelve values have a dot each, plus the legend's.
    assert len(dots) == 13
    assert "Low exception (improvement)" in strings(drawing)


def test_the_same_exception_is_a_concern_when_higher_is_better() -> None:
    drawing = spc_drawing(read_measure(crime_measure(polarity=Polarity.HIGHER_IS_BETTER)))
    triangles = [s for s in shapes(drawing) if isinstance(s, Polygon)]
    assert {t.fillColor for t in triangles} == {JUDGEMENT_COLOUR[Judgement.CONCERN]}
    assert "Low exception (concern)" in strings(drawing)


def test_a_missing_value_breaks_the_line() -> None:
    drawing = spc_drawing(read_measure(crime_measure()))
    lines = [s for s in shapes(drawing) if type(s).__name__ == "PolyLine"]
    # Two stretches of values either side of the missing Q1 2021/22: 2 and 10 points.
    assert sorted(len(line.points) // 2 for line in lines) == [2, 10]


def test_sixty_months_label_every_few_months_ending_on_the_latest() -> None:
    start = MeasurePeriod.month(2019, 1)
    values = {start.shifted(i): float(100 + (i * 7) % 13) for i in range(60)}
    measure = Measure("Calls answered", Frequency.MONTHLY, values=values, unit=Unit.PERCENT)
    every = [start.shifted(i).short_label for i in range(60)]
    labelled = [every.index(t) for t in strings(spc_drawing(read_measure(measure))) if t in every]
    # 60 labels do not fit: every k-th month is labelled, counting back from December 2023.
    assert labelled[-1] == 59
    steps = {b - a for a, b in itertools.pairwise(labelled)}
    assert len(steps) == 1 and steps.pop() > 1


def test_a_change_point_draws_new_limits_and_says_so() -> None:
    measure = crime_measure(change_points=(Q(2022, 4),))
    drawing = spc_drawing(read_measure(measure))
    text = strings(drawing)
    assert "process changed" in text
    assert any("worked out again where the process changed" in t for t in text)


def test_a_measure_without_values_says_so() -> None:
    drawing = spc_drawing(read_measure(Measure("New measure", Frequency.MONTHLY)))
    assert strings(drawing) == ["No values yet"]


def test_the_png_is_the_same_picture() -> None:
    reading = read_measure(crime_measure())
    png = spc_png(reading, dpi=100)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    drawing = spc_drawing(reading)
    assert image.size == (math.ceil(drawing.width * 100 / 72), math.ceil(drawing.height * 100 / 72))
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 16) or []}
    assert (0, 0, 0) in colours, "the value line is drawn"
    improvement = JUDGEMENT_COLOUR[Judgement.IMPROVEMENT]
    wanted = tuple(round(c * 255) for c in improvement.rgb())
    assert wanted in colours, "the exception marker is drawn in its colour"


def test_the_alt_text_states_every_value_and_the_exceptions() -> None:
    text = alt_text(read_measure(crime_measure()))
    assert text.startswith(
        "SPC chart of Reduce Neighbourhood Crime, quarterly, Q3 2020/21 to Q3 2023/24 "
        "(lower is better): Q3 2020/21 452, Q4 2020/21 470, Q1 2021/22 no value, "
    )
    assert "Q4 2022/23 413, Q1 2023/24 428, Q2 2023/24 371, Q3 2023/24 409." in text
    assert "mean 448.6, limits 376.2 to 520.9 (mean ± 2 standard deviations)" in text
    assert "Target 420." in text
    assert text.endswith("Exceptions: Q2 2023/24 (371): below the lower limit (improvement).")


def test_the_alt_text_of_a_quiet_measure_says_no_exceptions() -> None:
    values = {Q(2023, q): v for q, v in zip((1, 2, 3), (10.0, 12.0, 11.0), strict=True)}
    text = alt_text(read_measure(Measure("Quiet", Frequency.QUARTERLY, values=values)))
    assert text.endswith("No exceptions.")


@pytest.mark.parametrize("unit", list(Unit))
def test_every_unit_draws(unit: Unit) -> None:
    assert strings(spc_drawing(read_measure(crime_measure(unit=unit))))

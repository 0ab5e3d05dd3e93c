"""A measure's SPC chart for print: a reportlab drawing, the same picture as PNG, and its alt text.

The chart shows the values, each phase's mean and limits, the target, and the
exceptions marked by shape as well as colour (▲ high, ▼ low), so it reads in
black and white. Period labels are written as the papers write them ("Q3
2023/24") and the caption says how the limits were worked out.

reportlab's own bitmap renderer (renderPM) needs a cairo build that does not
install from a wheel, so the PNG is the drawing rendered as a PDF page by
PDFium: exactly the picture the pack prints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from nhp_planner.io.board_pack.styles import FONT, FONT_BOLD, register_fonts
from nhp_planner.model.measures import MeasureReading, Unit
from nhp_planner.model.spc import Judgement, Phase, Polarity, Rule, Side, judge

WIDTH = 170 * mm
HEIGHT = 72 * mm
#: Colours chosen to stay apart in grey: values black, mean mid grey, limits dark grey dashed,
#: target dotted; a concern dark red, an improvement blue, neither a dark orange.
VALUE_COLOUR = colors.black
MEAN_COLOUR = colors.HexColor("#6F6F6F")
LIMIT_COLOUR = colors.HexColor("#3F3F3F")
TARGET_COLOUR = colors.HexColor("#2E7D32")
GRID_COLOUR = colors.HexColor("#DDDDDD")
JUDGEMENT_COLOUR = {
    Judgement.CONCERN: colors.HexColor("#B00020"),
    Judgement.IMPROVEMENT: colors.HexColor("#1F5FA8"),
    Judgement.INVESTIGATE: colors.HexColor("#A65A00"),
}
_SIZE = 7.0
_LEFT = 34.0
_RIGHT = 52.0
_TOP = 20.0
_BOTTOM = 30.0
_MARKER = 2.2
_EXCEPTION_MARKER = 4.6
_DASH = (4, 2)
_DOT = (1, 2)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where the plot sits and how values map onto it."""

    left: float
    bottom: float
    width: float
    height: float
    low: float
    high: float
    count: int

    def x(self, index: float) -> float:
        return self.left + (index + 0.5) * self.step

    @property
    def step(self) -> float:
        return self.width / max(self.count, 1)

    def y(self, value: float) -> float:
        return self.bottom + (value - self.low) / (self.high - self.low) * self.height


def spc_drawing(reading: MeasureReading, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """The chart of a measure's values, mean, limits, target and exceptions."""
    register_fonts()
    drawing = Drawing(width, height)
    measure = reading.measure
    values = [p.value for p in reading.spc.points]
    if not any(v is not None for v in values):
        drawing.add(
            String(
                width / 2,
                height / 2,
                "No values yet",
                fontName=FONT,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    low, high = _value_range(reading)
    ticks = _ticks(low, high)
    frame = _Frame(
        _LEFT,
        _BOTTOM,
        width - _LEFT - _RIGHT,
        height - _TOP - _BOTTOM,
        ticks[0],
        ticks[-1],
        len(values),
    )
    _axes(drawing, frame, ticks, measure.unit)
    _period_labels(drawing, frame, reading)
    for phase in reading.spc.phases:
        _phase_lines(drawing, frame, phase, measure.unit, last=phase is reading.spc.phases[-1])
    for phase in reading.spc.phases[1:]:
        x = frame.left + phase.start * frame.step
        drawing.add(_line(x, frame.bottom, x, frame.bottom + frame.height, LIMIT_COLOUR, _DOT))
        drawing.add(
            String(
                x + 2,
                frame.bottom + frame.height - _SIZE,
                "process changed",
                fontName=FONT,
                fontSize=_SIZE - 1,
                fillColor=LIMIT_COLOUR,
            )
        )
    if measure.target is not None:
        y = frame.y(measure.target)
        drawing.add(_line(frame.left, y, frame.left + frame.width, y, TARGET_COLOUR, _DOT, 1.2))
        _right_label(
            drawing, frame, y, f"Target {measure.unit.show(measure.target)}", TARGET_COLOUR
        )
    _values(drawing, frame, values)
    for point in reading.spc.points:
        if point.rules and point.value is not None:
            drawing.add(
                _exception_marker(frame, point.index, point.value, point.rules, measure.polarity)
            )
    _legend(drawing, width, height, reading)
    caption = f"Limits: {reading.spc.method.description}, {_baseline_words(reading)}."
    drawing.add(
        String(_LEFT, 4, caption, fontName=FONT, fontSize=_SIZE - 0.5, fillColor=MEAN_COLOUR)
    )
    return drawing


def spc_png(
    reading: MeasureReading, width: float = WIDTH, height: float = HEIGHT, dpi: int = 150
) -> bytes:
    """The same chart as a PNG image (for the Word paper and the window)."""
    import io

    import pypdfium2

    pdf = renderPDF.drawToString(spc_drawing(reading, width, height))
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def alt_text(reading: MeasureReading) -> str:
    """What the chart shows, in words: every value, the mean and limits, target, exceptions."""
    measure = reading.measure
    unit = measure.unit
    if not reading.periods:
        return f"{measure.name}: no values yet."
    values = ", ".join(
        f"{period.label} {unit.show(value) if value is not None else 'no value'}"
        for period, value in zip(
            reading.periods, (p.value for p in reading.spc.points), strict=True
        )
    )
    parts = [
        f"SPC chart of {measure.name}, {measure.frequency.value}, {reading.periods[0].label} "
        f"to {reading.periods[-1].label} ({measure.polarity.value}): {values}."
    ]
    for phase in reading.spc.phases:
        if phase.mean is None or phase.lower is None or phase.upper is None:
            parts.append(f"{_phase_span(reading, phase)}: too few values for a mean and limits.")
            continue
        parts.append(
            f"{_phase_span(reading, phase)}: mean {_limit_text(phase.mean, unit)}, limits "
            f"{_limit_text(phase.lower, unit)} to {_limit_text(phase.upper, unit)} "
            f"({reading.spc.method.description})."
        )
    if measure.target is not None:
        parts.append(f"Target {unit.show(measure.target)}.")
    exceptions = reading.describe_exceptions()
    parts.append("Exceptions: " + " ".join(exceptions) if exceptions else "No exceptions.")
    return " ".join(parts)


def _phase_span(reading: MeasureReading, phase: Phase) -> str:
    if len(reading.spc.phases) == 1:
        return "Over all periods"
    first, last = reading.periods[phase.start], reading.periods[phase.end - 1]
    return f"From {first.label} to {last.label}"


def _baseline_words(reading: MeasureReading) -> str:
    first = reading.measure.baseline_first
    if len(reading.spc.phases) > 1:
        which = f"the first {first} values" if first is not None else "all the values"
        return f"worked out again where the process changed, from {which} after each change"
    count = reading.spc.phases[0].baseline_count
    return f"from the first {count} values" if first is not None else f"from all {count} values"


def _value_range(reading: MeasureReading) -> tuple[float, float]:
    numbers = [p.value for p in reading.spc.points if p.value is not None]
    for phase in reading.spc.phases:
        numbers += [n for n in (phase.lower, phase.upper) if n is not None]
    if reading.measure.target is not None:
        numbers.append(reading.measure.target)
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    return low, high


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high, about ``count`` intervals."""
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _axes(drawing: Drawing, frame: _Frame, ticks: Sequence[float], unit: Unit) -> None:
    right = frame.left + frame.width
    for tick in ticks:
        y = frame.y(tick)
        drawing.add(_line(frame.left, y, right, y, GRID_COLOUR, None, 0.5))
        drawing.add(
            String(
                frame.left - 3,
                y - _SIZE / 3,
                _axis_number(tick, unit),
                fontName=FONT,
                fontSize=_SIZE,
                textAnchor="end",
            )
        )
    drawing.add(_line(frame.left, frame.bottom, right, frame.bottom, colors.black, None, 0.6))
    drawing.add(
        _line(
            frame.left,
            frame.bottom,
            frame.left,
            frame.bottom + frame.height,
            colors.black,
            None,
            0.6,
        )
    )


def _axis_number(value: float, unit: Unit) -> str:
    rounded = round(value, 6)
    return unit.show(rounded) if unit is Unit.PERCENT else Unit.COUNT.show(rounded)


def _period_labels(drawing: Drawing, frame: _Frame, reading: MeasureReading) -> None:
    labels = [p.short_label for p in reading.periods]
    # Labels of one frequency differ little in width: measuring the longest is enough.
    widest = stringWidth(max(labels, key=len), FONT, _SIZE) + 6
    every = next(
        (k for k in (1, 2, 3, 4, 6, 12, 24) if k * frame.step >= widest),
        math.ceil(widest / frame.step),
    )
    last = len(labels) - 1
    for index, label in enumerate(labels):
        x = frame.x(index)
        drawing.add(_line(x, frame.bottom, x, frame.bottom - 2.5, colors.black, None, 0.5))
        # Count back from the latest period, so the one the paper reports is always labelled.
        if (last - index) % every == 0:
            drawing.add(
                String(
                    x, frame.bottom - 11, label, fontName=FONT, fontSize=_SIZE, textAnchor="middle"
                )
            )


def _phase_lines(drawing: Drawing, frame: _Frame, phase: Phase, unit: Unit, last: bool) -> None:
    if phase.mean is None or phase.lower is None or phase.upper is None:
        return
    x0 = frame.left + phase.start * frame.step
    x1 = frame.left + phase.end * frame.step
    for value, colour, dash, name in (
        (phase.mean, MEAN_COLOUR, None, "Mean"),
        (phase.upper, LIMIT_COLOUR, _DASH, "Upper"),
        (phase.lower, LIMIT_COLOUR, _DASH, "Lower"),
    ):
        y = frame.y(value)
        drawing.add(_line(x0, y, x1, y, colour, dash, 1.0))
        if last:
            _right_label(drawing, frame, y, f"{name} {_limit_text(value, unit)}", colour)


def _limit_text(value: float, unit: Unit) -> str:
    return unit.show(round(value, 1))


def _right_label(
    drawing: Drawing, frame: _Frame, y: float, text: str, colour: colors.Color
) -> None:
    drawing.add(
        String(
            frame.left + frame.width + 3,
            y - _SIZE / 3,
            text,
            fontName=FONT,
            fontSize=_SIZE - 0.5,
            fillColor=colour,
        )
    )


def _values(drawing: Drawing, frame: _Frame, values: Sequence[float | None]) -> None:
    """The value line, broken where a value is missing, and a small dot on each value."""
    segment: list[float] = []
    for index, value in enumerate([*values, None]):
        if value is not None:
            segment += [frame.x(index), frame.y(value)]
            continue
        if len(segment) >= 4:
            drawing.add(PolyLine(segment, strokeColor=VALUE_COLOUR, strokeWidth=1.3))
        segment = []
    for index, value in enumerate(values):
        if value is not None:
            drawing.add(
                Circle(
                    frame.x(index),
                    frame.y(value),
                    _MARKER,
                    fillColor=VALUE_COLOUR,
                    strokeColor=None,
                )
            )


def _primary_rule(rules: frozenset[Rule]) -> Rule:
    """The rule a marker shows when a point breaks several: limits first, then runs, trends."""
    return next(rule for rule in Rule if rule in rules)


def _exception_marker(
    frame: _Frame, index: int, value: float, rules: frozenset[Rule], polarity: Polarity
) -> Polygon:
    side = _primary_rule(rules).side
    colour = JUDGEMENT_COLOUR[judge(side, polarity)]
    return _triangle(frame.x(index), frame.y(value), side, colour, _EXCEPTION_MARKER)


def _triangle(x: float, y: float, side: Side, colour: colors.Color, size: float) -> Polygon:
    """▲ for a high exception, ▼ for a low one, white-edged so it stands off the line."""
    tip = size if side is Side.HIGH else -size
    points = [x - size, y - tip * 0.6, x + size, y - tip * 0.6, x, y + tip]
    return Polygon(points, fillColor=colour, strokeColor=colors.white, strokeWidth=0.8)


def _legend(drawing: Drawing, width: float, height: float, reading: MeasureReading) -> None:
    measure = reading.measure
    y = height - 10
    x = _LEFT
    items: list[tuple[str, object]] = [("Value", "value"), ("Mean", "mean"), ("Limits", "limit")]
    if measure.target is not None:
        items.append(("Target", "target"))
    sides = {_primary_rule(p.rules).side for p in reading.spc.points if p.rules}
    for side in (Side.HIGH, Side.LOW):
        if side in sides:
            word = judge(side, measure.polarity).value
            items.append((f"{side.value} exception ({word})", side))
    for text, kind in items:
        if isinstance(kind, Side):
            colour = JUDGEMENT_COLOUR[judge(kind, measure.polarity)]
            drawing.add(_triangle(x + 5, y + 2, kind, colour, 3.6))
        elif kind == "value":
            drawing.add(_line(x, y + 2, x + 10, y + 2, VALUE_COLOUR, None, 1.3))
            drawing.add(Circle(x + 5, y + 2, _MARKER, fillColor=VALUE_COLOUR, strokeColor=None))
        else:
            colour, dash = {
                "mean": (MEAN_COLOUR, None),
                "limit": (LIMIT_COLOUR, _DASH),
                "target": (TARGET_COLOUR, _DOT),
            }[str(kind)]
            drawing.add(_line(x, y + 2, x + 10, y + 2, colour, dash, 1.2))
        label = text[0].upper() + text[1:]
        drawing.add(
            String(
                x + 13,
                y,
                label,
                fontName=FONT_BOLD if isinstance(kind, Side) else FONT,
                fontSize=_SIZE,
            )
        )
        x += 13 + stringWidth(label, FONT_BOLD, _SIZE) + 10


def _line(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    colour: colors.Color,
    dash: tuple[float, float] | None,
    width: float = 0.8,
) -> Line:
    line = Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=width)
    if dash is not None:
        line.strokeDashArray = dash
    return line

"""The board pack's "Performance measures" section: a chart per measure and what it says.

Self-contained flowables for a landscape page of the pack
(:mod:`nhp_planner.io.board_pack`): the pack's story adds
``measures_story(measures_content(measures, as_at))`` where the section goes.
User text (names, Reasons, Response) is escaped through the pack's ``para``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    FONT,
    FONT_BOLD,
    GRID,
    HEADER_FILL,
    HEADING,
    LABEL,
    LANDSCAPE_WIDTH,
    NOTE,
    TITLE,
    register_fonts,
)
from nhp_planner.io.board_pack.text import para
from nhp_planner.io.measures_paper import SECTION_TITLE, SPC_NOTE, MeasureContent
from nhp_planner.io.spc_chart import HEIGHT, spc_drawing

#: The chart's width on a landscape page: room for the right-hand labels within the frame.
CHART_WIDTH = min(LANDSCAPE_WIDTH, 230 * mm)
_VALUE_COLUMN = 32 * mm
#: "Exceptions", "Reasons", "Response": never alone at the foot of a page.
_SUBHEADING = ParagraphStyle("measure-subheading", parent=LABEL, keepWithNext=1, spaceBefore=3)


def measures_story(
    contents: Sequence[MeasureContent], width: float = LANDSCAPE_WIDTH
) -> list[Flowable]:
    """The section: its title and how to read the charts, then each measure."""
    register_fonts()
    story: list[Flowable] = [para(SECTION_TITLE, TITLE), para(SPC_NOTE, NOTE)]
    if not contents:
        story.append(para("The plan has no performance measures yet.", BODY))
        return story
    for content in contents:
        story += measure_story(content, min(width, CHART_WIDTH))
    return story


def measure_story(content: MeasureContent, chart_width: float = CHART_WIDTH) -> list[Flowable]:
    """One measure: heading, chart, values table and change, exceptions, Reasons, Response."""
    top: list[Flowable] = [
        para(content.heading, HEADING),
    ]
    if content.about:
        top.append(para(content.about, NOTE))
    if content.measure.definition:
        top.append(para(content.measure.definition, NOTE))
    top += [
        para("Data trend", LABEL),
        spc_drawing(content.reading, chart_width, HEIGHT),
        Spacer(1, 2 * mm),
    ]
    if content.table:
        top.append(_values_table(content))
    top.append(para(content.change, BODY))
    # Heading, chart and table stay on one page; the narrative may run on.
    story: list[Flowable] = [KeepTogether(top)]
    story.append(para("Exceptions", _SUBHEADING))
    if content.exceptions:
        story += [para(f"• {line}", BODY) for line in content.exceptions]
    else:
        story.append(
            para("None: every value is within the limits, with no run or trend (noise).", BODY)
        )
    note = f" {content.narrative_note}" if content.narrative_note else ""
    for title, text in (("Reasons", content.reasons), ("Response", content.response)):
        story.append(para(f"{title}{note}", _SUBHEADING))
        story.append(para(text or "Not written yet.", BODY))
    story.append(Spacer(1, 6 * mm))
    return story


def _values_table(content: MeasureContent) -> Table:
    labels = [label for label, _ in content.table]
    values = [value for _, value in content.table]
    table = Table([labels, values], colWidths=[_VALUE_COLUMN] * len(labels), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_BOLD.fontSize, CELL.leading),
                ("FONT", (0, 1), (-1, 1), FONT, CELL.fontSize + 1, CELL.leading + 1),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return table

"""The cover report on A4 portrait: the header table as the papers set it, then the text."""

from __future__ import annotations

from reportlab.platypus import Flowable, ListFlowable, ListItem, Spacer

from nhp_planner.io.board_pack.styles import (
    BODY,
    HEADER_FILL,
    HEADING,
    LABEL,
    NOTE,
    PORTRAIT_WIDTH,
    SUBHEADING,
    VALUE,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable
from nhp_planner.io.board_pack.text import Bookmark, Para, para
from nhp_planner.io.paper.cover import CoverContent, HeaderRow, blocks

_LEFT, _RIGHT = PORTRAIT_WIDTH * 0.64, PORTRAIT_WIDTH * 0.36


def cover_story(cover: CoverContent) -> list[Flowable]:
    """The cover report's flowables (long text runs on over more pages)."""
    table = PagedTable([Column("", _LEFT), Column("", _RIGHT)], None, header=False)
    for row in cover.header:
        table.row(
            [_side(row.left_label, row.left_value, row.stacked), _side(*_right(row), row.stacked)],
            fills={0: HEADER_FILL} if not row.left_value and row.right_value else None,
        )
    story: list[Flowable] = [
        Bookmark("Cover report", "cover"),
        *table.flowables(),
        Spacer(1, 3),
        para(cover.position, LABEL),
    ]
    story += _text("Summary", "\n\n".join(cover.summary))
    if cover.recommendations:
        story.append(para("Recommendation(s)", HEADING))
        story.append(_numbered(cover.recommendations))
    if cover.main_report:
        story.append(para("Main Report", HEADING))
        for section in cover.main_report:
            story.append(para(section.heading, SUBHEADING))
            story += [para(block, BODY) for block in blocks(section.text)]
            for implication in section.implications:
                label = f"{implication.label}: "
                story += [
                    para(label + block, BODY, bold_prefix=len(label))
                    if i == 0
                    else para(block, BODY)
                    for i, block in enumerate(blocks(implication.text))
                ]
    story.append(para("Appendices", HEADING))
    story += [para(line, BODY) for line in cover.appendices]
    if cover.sign_off:
        story.append(Spacer(1, 6))
        story.append(para(cover.sign_off[0], LABEL))
        story += [para(line, BODY) for line in cover.sign_off[1:]]
    if cover.to_review:
        story.append(Spacer(1, 4))
        story.append(
            para(
                "Carried from the last meeting's cover, to be reviewed: "
                + ", ".join(cover.to_review)
                + ".",
                NOTE,
            )
        )
    return story


def _right(row: HeaderRow) -> tuple[str, str]:
    return row.right_label, row.right_value


def _side(label: str, value: str, stacked: bool) -> Para | str:
    """One side of a header row: the label bold, the value after it or under it."""
    if not label:
        return para(value, VALUE) if value else ""
    if not value.strip():
        return para(label, LABEL)
    if stacked:
        return para(f"{label}\n{value}", VALUE, bold_first_line=True)
    return para(f"{label} {value}", VALUE, bold_prefix=len(label))


def _text(heading: str, text: str) -> list[Flowable]:
    return [para(heading, HEADING), *[para(block, BODY) for block in blocks(text)]]


def _numbered(recommendations: tuple[str, ...]) -> Flowable:
    """One recommendation as a paragraph; several as a numbered list, as papers set them."""
    if len(recommendations) == 1:
        return para(recommendations[0], BODY)
    return ListFlowable(
        [ListItem(para(text, BODY), leftIndent=18) for text in recommendations],
        bulletType="1",
        bulletFormat="%s.",
        leftIndent=18,
        bulletFontName=BODY.fontName,
        bulletFontSize=BODY.fontSize,
    )

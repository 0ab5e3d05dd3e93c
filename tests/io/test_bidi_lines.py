"""Each line's words in visual order: the Unicode bidi algorithm (python-bidi) over whole words."""

from __future__ import annotations

import pytest

from nhp_planner.io.board_pack.bidi_lines import visual_order


def _shown(tokens: list[str], right_to_left: bool) -> list[str]:
    order = visual_order(tokens, right_to_left)
    assert order is not None
    return [tokens[i] for i in order]


@pytest.mark.parametrize(
    ("tokens", "right_to_left", "shown"),
    [
        # An Arabic phrase inside English: its words run right to left, in place.
        (
            ["Panel:", " ", "اجتماع", " ", "الشرطة", " ", "today"],
            False,
            ["Panel:", " ", "الشرطة", " ", "اجتماع", " ", "today"],
        ),
        # An Arabic sentence: the whole line runs right to left.
        (["اجتماع", " ", "الشرطة", " ", "في"], True, ["في", " ", "الشرطة", " ", "اجتماع"]),
        # English inside an Arabic sentence keeps its own order, on the left of what precedes it.
        (
            ["مع", " ", "ward", " ", "panels", " ", "السكان"],
            True,
            ["السكان", " ", "ward", " ", "panels", " ", "مع"],
        ),
        # A number after Arabic in an English line goes with the Arabic run.
        (
            ["السكان", " ", "12", " ", "wards"],
            False,
            ["12", " ", "السكان", " ", "wards"],
        ),
        # Nothing to reorder.
        (["Plain", " ", "English"], False, ["Plain", " ", "English"]),
    ],
)
def test_words_are_drawn_in_visual_order(
    tokens: list[str], right_to_left: bool, shown: list[str]
) -> None:
    assert _shown(tokens, right_to_left) == shown


def test_a_line_with_more_words_than_stand_ins_is_left_as_typed() -> None:
    tokens = [word for n in range(200) for word in ("كلمة", " ")]
    assert visual_order(tokens, True) is None

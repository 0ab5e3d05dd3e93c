"""Plain paragraphs: made and broken into lines as reportlab makes and breaks them.

The pack's ``Para`` skips reportlab's markup parser and its word-by-word line
breaking for plain text; each case here is compared with reportlab's own
``Paragraph`` of the same markup and style, at the widths the pack's columns
have and some narrower.
"""

from __future__ import annotations

import random

import pytest
from reportlab.platypus.paragraph import Paragraph

from nhp_planner.io.board_pack.styles import BODY, CELL, CELL_CENTRE, TITLE, register_fonts
from nhp_planner.io.board_pack.text import Para, markup

register_fonts()

_PROSE = (
    "Ward panels held quarterly with the council, housing providers and partners; "
    "officers trained (problem solving) – café naïve “quoted” 'single' 31/03/2024 "
    "ASB VAWG £1,000 50% e-mail co-ordinate https://example.org/a/b?c=d"
)
_VOCABULARY = _PROSE.split()
#: The widths of the pack's columns inside their padding, and narrower ones.
_WIDTHS = (339.82677165354335, 164.07874015748033, 96.04724409448819, 45.0, 20.5)


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    spaces = (" ", " ", " ", "  ", "\t", "\u00a0", " \u00a0 ")
    texts = []
    for _ in range(count):
        words = rng.choices(_VOCABULARY, k=rng.randint(1, 60))
        texts.append("".join(word + rng.choice(spaces) for word in words).strip(" "))
    return texts


_PLAIN = [
    "Publish the strategy",
    "  leading and trailing spaces  ",
    "one",
    "Strategy endorsed by LP SLT 29/09/2023 – sent to company for design.",
    *_texts(60, seed=1),
]
_WITH_ENTITIES = [
    "The P&P Hub",
    "P&P",
    "&",
    "a < b > c & d",
    "&amp; typed as text, &lt;b&gt; too",
    "Partnership & Prevention (P&P) Hub website & <intranet> pages",
    *[text.replace(" ", " & ", 3) for text in _texts(30, seed=2)],
]
_LONG_WORDS = [
    "Supercalifragilisticexpialidocious" * 3 + " and more",
    "https://example.org/" + "a" * 200,
]


def _their(text: str, style: object) -> Paragraph:
    return Paragraph(markup(text), style)


def _ours(text: str, style: object) -> Para:
    return Para(markup(text), style)


@pytest.mark.parametrize("style", [CELL, BODY, TITLE, CELL_CENTRE], ids=lambda s: s.name)
def test_plain_text_is_made_and_broken_as_reportlab_does(style: object) -> None:
    for text in _PLAIN:
        ours, theirs = _ours(text, style), _their(text, style)
        assert ours._plain, text
        assert ours.text == theirs.text
        assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags], text
        for width in _WIDTHS:
            assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9), (text, width)
            assert vars(ours.blPara) == vars(theirs.blPara), (text, width)
            assert ours._width_max == theirs._width_max
            # Cut at a page end, into the same pieces.
            pieces = [piece.getPlainText() for piece in ours.split(width, 3 * style.leading)]
            assert pieces == [
                piece.getPlainText() for piece in theirs.split(width, 3 * style.leading)
            ]


def _line_texts(paragraph: Paragraph) -> list[str]:
    """Each line's words, one space apart."""
    if paragraph.blPara.kind == 0:
        lines = [" ".join(words) for _, words in paragraph.blPara.lines]
    else:
        lines = ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]
    return [" ".join(line.split()) for line in lines]


def _extra_space(paragraph: Paragraph) -> list[float]:
    if paragraph.blPara.kind == 0:
        return [space for space, _ in paragraph.blPara.lines]
    return [line.extraSpace for line in paragraph.blPara.lines]


def test_entities_are_one_run_of_their_characters_in_the_same_lines() -> None:
    """reportlab's parser makes a fragment of each entity; ours is one, with the same words,
    lines and heights (the spare width of each line to the rounding of a sum)."""
    for text in _WITH_ENTITIES:
        ours, theirs = _ours(text, CELL), _their(text, CELL)
        assert ours._plain and len(ours.frags) == 1, text
        assert ours.frags[0].text == "".join(frag.text for frag in theirs.frags)
        same = {k: v for k, v in vars(ours.frags[0]).items() if k != "text"}
        assert same == {k: v for k, v in vars(theirs.frags[0]).items() if k != "text"}
        for width in _WIDTHS:
            assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9), (text, width)
            assert _line_texts(ours) == _line_texts(theirs), (text, width)
            assert _extra_space(ours) == pytest.approx(_extra_space(theirs), abs=1e-9)


def test_what_the_plain_path_does_not_cover_is_left_to_reportlab() -> None:
    """Words wider than the column are cut by reportlab; tags and entities markup() never
    writes are parsed by reportlab."""
    for text in _LONG_WORDS:
        ours, theirs = _ours(text, CELL), _their(text, CELL)
        assert ours._plain
        for width in _WIDTHS:
            assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9)
            assert vars(ours.blPara) == vars(theirs.blPara)
    for marked in ("<b>bold</b> text", "x&quot;y", "a&#38;b", "line<br/>break", "soft\xadhyphen"):
        ours = Para(marked, CELL)
        assert not ours._plain, marked
        assert [vars(f) for f in ours.frags] == [vars(f) for f in Paragraph(marked, CELL).frags]

"""Counts in words: the noun in the plural unless there is exactly one."""

from __future__ import annotations

import pytest

from nhp_planner.model.plural import counted


@pytest.mark.parametrize(
    ("count", "noun", "plural", "words"),
    [
        (0, "deliverable", None, "0 deliverables"),
        (1, "deliverable", None, "1 deliverable"),
        (2, "merge conflict", None, "2 merge conflicts"),
        (1, "formula", "formulas", "1 formula"),
        (3, "value or narrative", "values and narratives", "3 values and narratives"),
    ],
)
def test_a_count_takes_the_noun_it_needs(
    count: int, noun: str, plural: str | None, words: str
) -> None:
    assert counted(count, noun, plural) == words

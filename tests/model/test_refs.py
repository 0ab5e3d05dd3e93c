"""Deliverable references: reading them and ordering them as people count."""

from __future__ import annotations

import random

import pytest

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.refs import normalise_ref, objective_number, parse_ref, ref_sort_key


def test_natural_order() -> None:
    refs = ["1.10", "0.1", "1.2", "2.1", "1.9", "10.1", "1.1", "0.4", "4.15", "4.2"]
    random.Random(7).shuffle(refs)
    assert sorted(refs, key=ref_sort_key) == [
        "0.1", "0.4", "1.1", "1.2", "1.9", "1.10", "2.1", "4.2", "4.15", "10.1",
    ]  # fmt: skip


def test_letters_and_levels_sort_after_their_number() -> None:
    assert sorted(["1.2a", "1.10", "1.2", "1.2.1"], key=ref_sort_key) == [
        "1.2",
        "1.2.1",
        "1.2a",
        "1.10",
    ]


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("1.4", "1.4"),
        (" 1.4 ", "1.4"),
        ("1.4.", "1.4"),
        ("1,4", "1.4"),
        ("1.10", "1.10"),
        ("2.3A", "2.3a"),
    ],
)
def test_normalise(text: str, ref: str) -> None:
    assert normalise_ref(text) == ref


@pytest.mark.parametrize("text", ["", "1", "one.two", "1.x", "OBJECTIVE ONE", "1..2", "Ref"])
def test_not_refs(text: str) -> None:
    assert normalise_ref(text) is None
    with pytest.raises(ValidationError, match="is not a deliverable reference"):
        parse_ref(text)


def test_objective_number() -> None:
    assert objective_number("2.10") == 2
    assert objective_number("0.1") == 0

"""Reading RAG ratings as people type them."""

from __future__ import annotations

import pytest

from nhp_planner.model.rag import Rag, RagKey, parse_rag


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("GREEN", Rag.GREEN),
        ("green", Rag.GREEN),
        ("  Green  ", Rag.GREEN),
        ("G", Rag.GREEN),
        ("g", Rag.GREEN),
        ("Amber", Rag.AMBER),
        ("A", Rag.AMBER),
        ("aMbEr\n", Rag.AMBER),
        ("RED", Rag.RED),
        ("r", Rag.RED),
        ("Red.", Rag.RED),
        ("", Rag.NOT_RATED),
        ("   ", Rag.NOT_RATED),
        (None, Rag.NOT_RATED),
        ("Not rated", Rag.NOT_RATED),
        ("not  rated", Rag.NOT_RATED),
        ("N/A", Rag.NOT_RATED),
        ("-", Rag.NOT_RATED),
    ],
)
def test_parse_rag(text: str | None, rag: Rag) -> None:
    assert parse_rag(text) is rag


@pytest.mark.parametrize("text", ["Blue", "GA", "Greenish", "complete", "1", "Rd"])
def test_unreadable_rag_is_none(text: str) -> None:
    assert parse_rag(text) is None


def test_rank_orders_improvement() -> None:
    assert Rag.NOT_RATED.rank < Rag.RED.rank < Rag.AMBER.rank < Rag.GREEN.rank


def test_labels_are_words() -> None:
    assert [r.label for r in Rag] == ["GREEN", "AMBER", "RED", "Not rated"]


def test_key_wording() -> None:
    key = RagKey(green="Done", amber="Doing", red="Stuck")
    assert key.meaning(Rag.AMBER) == "Doing"
    assert key.to_json() == {"GREEN": "Done", "AMBER": "Doing", "RED": "Stuck"}

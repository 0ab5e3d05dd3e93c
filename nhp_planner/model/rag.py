"""RAG ratings: reading them from what people type, and the plan's key wording."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Rag(enum.Enum):
    """A deliverable's RAG rating. ``NOT_RATED`` is a rating too: nobody has judged it yet."""

    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"
    NOT_RATED = "NOT RATED"

    @property
    def label(self) -> str:
        """The word printed next to (or instead of) the colour: "GREEN", "Not rated"."""
        return "Not rated" if self is Rag.NOT_RATED else self.value

    @property
    def rank(self) -> int:
        """Order used for movement: RED < AMBER < GREEN; NOT_RATED ranks below RED."""
        return _RANK[self]

    def to_json(self) -> str | None:
        """The plan JSON value: the word, or null when not rated."""
        return None if self is Rag.NOT_RATED else self.value


_RANK = {Rag.NOT_RATED: 0, Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3}

#: Ratings in the order people list them (the key, counts, chart segments).
RATED = (Rag.GREEN, Rag.AMBER, Rag.RED)
ALL_RAGS = (*RATED, Rag.NOT_RATED)

_WORDS: dict[str, Rag] = {
    "green": Rag.GREEN,
    "g": Rag.GREEN,
    "amber": Rag.AMBER,
    "a": Rag.AMBER,
    "red": Rag.RED,
    "r": Rag.RED,
    "": Rag.NOT_RATED,
    "-": Rag.NOT_RATED,
    "n/a": Rag.NOT_RATED,
    "na": Rag.NOT_RATED,
    "not rated": Rag.NOT_RATED,
    "notrated": Rag.NOT_RATED,
    "unrated": Rag.NOT_RATED,
    "none": Rag.NOT_RATED,
}


def parse_rag(text: str | None) -> Rag | None:
    """Read a RAG from a word in any case and spacing, or the letters G/A/R.

    Blank means not rated. Returns ``None`` when the text is not a RAG at all,
    so callers can say where the unreadable value was.

    >>> parse_rag(" Amber "), parse_rag("g"), parse_rag(""), parse_rag("Blue")
    (<Rag.AMBER: 'AMBER'>, <Rag.GREEN: 'GREEN'>, <Rag.NOT_RATED: 'NOT RATED'>, None)
    """
    if text is None:
        return Rag.NOT_RATED
    key = re.sub(r"\s+", " ", str(text)).strip().strip(".").lower()
    return _WORDS.get(key)


@dataclass(frozen=True, slots=True)
class RagKey:
    """The plan's own wording for each rating; printed with every pack and tracker."""

    green: str = "Complete/established"
    amber: str = "In progress"
    red: str = "Deadline missed or will not be achieved"

    def meaning(self, rag: Rag) -> str:
        """What this plan says the rating means ("In progress")."""
        return {
            Rag.GREEN: self.green,
            Rag.AMBER: self.amber,
            Rag.RED: self.red,
            Rag.NOT_RATED: "Not yet rated",
        }[rag]

    def to_json(self) -> dict[str, str]:
        """The ``rag_key`` object of the plan JSON."""
        return {"GREEN": self.green, "AMBER": self.amber, "RED": self.red}

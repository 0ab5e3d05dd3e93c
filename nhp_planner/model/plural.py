"""Counts in words: "1 deliverable", "6 deliverables", never "6 deliverable(s)".

The paper and the pack are read by a committee, and every count is known when it is
written, so each says its number with the noun it takes.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless there is exactly one.

    >>> counted(1, "deliverable"), counted(0, "change"), counted(3, "formula", "formulas")
    ('1 deliverable', '0 changes', '3 formulas')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"

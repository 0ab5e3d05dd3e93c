"""Deliverable references ("1.10"): reading them and ordering them as people count."""

from __future__ import annotations

import functools
import re

from nhp_planner.model.errors import ValidationError

#: A reference: objective number, dot, item number; an optional letter or deeper level.
REF_PATTERN = re.compile(r"^(\d{1,4})\.(\d{1,5})(?:\.(\d{1,5}))?([a-z])?$", re.IGNORECASE)
_CHUNK = re.compile(r"(\d+)")


def normalise_ref(text: str) -> str | None:
    """The canonical spelling of a reference, or None if the text is not one.

    Trackers write "1.4", " 1.4 ", "1.4." or "1,4"; all mean "1.4".
    """
    value = re.sub(r"\s+", "", text).rstrip(".").replace(",", ".")
    return value.lower() if REF_PATTERN.match(value) else None


def parse_ref(text: str) -> str:
    """Like :func:`normalise_ref`, but a bad reference is a :class:`ValidationError`."""
    ref = normalise_ref(text)
    if ref is None:
        raise ValidationError(f"'{text}' is not a deliverable reference (expected e.g. 1.4).")
    return ref


def objective_number(ref: str) -> int:
    """The objective a reference belongs to: "2.10" is under objective 2."""
    return int(ref.split(".", 1)[0])


def ref_tail(ref: str) -> str:
    """What follows the objective in a reference: "2.10" is the 10th of its objective."""
    return ref.split(".", 1)[1]


@functools.lru_cache(maxsize=65536)
def ref_sort_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: 0.1 < 1.2 < 1.9 < 1.10, whatever the text around the numbers."""
    return tuple(
        (0, int(chunk)) if chunk.isdigit() else (1, chunk.lower())
        for chunk in _CHUNK.split(ref)
        if chunk
    )

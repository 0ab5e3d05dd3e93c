"""New ids are random version 4 UUIDs, written as uuid writes them."""

from __future__ import annotations

import uuid
from collections import Counter

from nhp_planner.model.entities import new_id


def test_a_new_id_is_a_random_uuid_as_uuid_writes_it() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # A random digit takes every value; the variant's takes the four RFC 4122 allows.
    for position in (0, 9, 15, 20, 35):
        assert len(Counter(text[position] for text in ids)) == 16, position
    assert {text[14] for text in ids} == {"4"}
    assert {text[19] for text in ids} == set("89ab")

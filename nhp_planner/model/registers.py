"""What the two registers around the plan share: links held as text, and words read loosely.

Inspectorate items and committee actions link to deliverables (and actions to
items) by id. A link set is stored, recorded in the history and merged as one
text field, the ids sorted and space-separated, so two copies that linked the
same things write the same text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import TypeVar

    E = TypeVar("E", bound=enum.Enum)


def links_text(ids: Iterable[str]) -> str:
    """A set of linked ids as the one text field the store keeps."""
    return " ".join(sorted(set(ids)))


def links_of(text: str | None) -> tuple[str, ...]:
    """The linked ids a links field holds, sorted."""
    return tuple(sorted(set((text or "").split())))


def words_key(text: str | None) -> str:
    """Lower case, single-spaced, dashes and punctuation at the ends gone: for matching words."""
    key = re.sub(r"[\s\u2013\u2014\-_]+", " ", str(text or "")).strip(" .:;,").lower()
    return key


def read_word(kind: type[E], words: dict[str, E], text: str | None) -> E | None:
    """An enum member from what people type: its value, its label, or one of ``words``."""
    key = words_key(text)
    for member in kind:
        if key == words_key(str(member.value)):
            return member
    return words.get(key)

"""The RAG vocabulary: a tracker's words for its ratings, and the key that explains them.

Used by the rows step. Takes the RAG cells' text ("Green - on track", "G",
"🟢") and the rows of the tracker's key ("GREEN | Complete/established"); gives
a :class:`~nhp_planner.model.rag.Rag` for each word it understands, the
key's own wording read back as a rating ("In progress" -> AMBER when the key
says so), and the plan's :class:`~nhp_planner.model.rag.RagKey`.
"""

from __future__ import annotations

import re

from nhp_planner.model.rag import RATED, Rag, RagKey, parse_rag

_KEY_ENTRY = re.compile(r"^(?P<rag>green|amber|red)\s*[:=\-–]\s*(?P<meaning>\S.*)$", re.I | re.S)
_LEADING_RAG = re.compile(r"^(green|amber|red)\b(?!\s*/)", re.IGNORECASE)
#: Coloured circles and squares some trackers put in the RAG column.
_RAG_SYMBOLS = {
    "🟢": Rag.GREEN, "🟩": Rag.GREEN, "🟠": Rag.AMBER, "🟡": Rag.AMBER,
    "🟧": Rag.AMBER, "🟨": Rag.AMBER, "🔴": Rag.RED, "🟥": Rag.RED,
}  # fmt: skip


class RagVocabulary:
    """What one tracker's RAG words mean: the standard words, symbols, and its own key."""

    def __init__(self) -> None:
        self._key: dict[Rag, str] = {}
        self._key_words: dict[str, Rag] = {}
        self._words: dict[str, Rag | None] = {}

    def word(self, text: str) -> Rag | None:
        """A RAG cell's text read as a rating; trackers repeat a few words, so each is read once."""
        try:
            return self._words[text]
        except KeyError:
            rag = parse_rag(text) or _RAG_SYMBOLS.get(text)
            if rag is None and (leading := _LEADING_RAG.match(text)):
                rag = Rag(leading.group(1).upper())  # "Green - on track"
            self._words[text] = rag
            return rag

    def key_meaning(self, text: str) -> Rag | None:
        """The rating whose key wording the text is ("In progress"), if the key gave one."""
        return self._key_words.get(" ".join(text.lower().split()))

    def key_row(self, cells: list[tuple[int, str]], *, letters: bool) -> bool:
        """Read a RAG key row ("GREEN | Complete/established"); True if the row is one.

        Args:
            cells: the row's filled cells as (column, text).
            letters: whether "G | Complete" counts (above the table, where nothing else is).
        """
        found: dict[Rag, str] = {}
        index = 0
        while index < len(cells):
            text = cells[index][1]
            entry = _KEY_ENTRY.match(text)
            if entry:
                found[Rag(entry.group("rag").upper())] = entry.group("meaning").strip()
                index += 1
                continue
            rag = parse_rag(text)
            is_word = text.strip().lower() in ("green", "amber", "red")
            if rag in RATED and (is_word or letters) and index + 1 < len(cells):
                meaning = cells[index + 1][1]
                if parse_rag(meaning) is None:
                    assert rag is not None
                    found[rag] = meaning
                    index += 2
                    continue
            return False
        if not found:
            return False
        for rag, meaning in found.items():
            self._key.setdefault(rag, meaning)
            self._key_words.setdefault(" ".join(meaning.lower().split()), rag)
        return True

    def key(self) -> RagKey | None:
        """The plan's RAG key as the tracker words it, or None if it has no key."""
        if not self._key:
            return None
        default = RagKey()
        return RagKey(
            green=self._key.get(Rag.GREEN, default.green),
            amber=self._key.get(Rag.AMBER, default.amber),
            red=self._key.get(Rag.RED, default.red),
        )

"""The RAG vocabulary: a tracker's words for its ratings, and the key that explains them.

Used by the rows step. Takes the RAG cells' text ("Green - on track", "G",
"🟢", a score "3") and the rows of the tracker's key ("GREEN | Complete/established",
"3 | Green – Complete or on track", "Blue | Complete", "G = Complete" above the table); gives a
:class:`~nhp_planner.model.rag.Rag` for each word it understands, the key's own
wording read back as a rating ("In progress" -> AMBER when the key says so,
"On track" -> GREEN when only GREEN's wording has it), and the plan's
:class:`~nhp_planner.model.rag.RagKey`. BRAG's Blue (complete) is GREEN, its
wording kept in GREEN's. A word nothing settles is not guessed: :func:`proposed`
only suggests what the person may answer.
"""

from __future__ import annotations

import re

from nhp_planner.model.rag import RATED, Rag, RagKey, parse_rag

_KEY_ENTRY = re.compile(
    r"^(?:(?P<score>\d{1,2})\s*[:=\-–—|]\s*)?(?P<rag>green|amber|red|blue)\s*[:=\-–—|]\s*"
    r"(?P<meaning>\S.*)$",
    re.I | re.S,
)
#: "G = Complete", "A: In progress": a key entry by letter, in one cell (above the table only).
_LETTER_ENTRY = re.compile(r"^(?P<rag>[garb])\s*[:=\-–—]\s*(?P<meaning>[a-z]{2}.*)$", re.I | re.S)
_LETTER_COLOURS = {"g": "green", "a": "amber", "r": "red", "b": "blue"}
_COLOURS = {"green": Rag.GREEN, "amber": Rag.AMBER, "red": Rag.RED, "blue": Rag.GREEN}
_SCORE = re.compile(r"^\d{1,2}$")
#: A key written in one cell: "Key: G = Complete, A = On track, R = Off track".
_KEY_LINE = re.compile(r"^(?:b?rag\s*)?(?:key|legend)\s*[:\-–—]\s*(?P<entries>\S.*)$", re.I | re.S)
_KEY_LABEL = re.compile(r"^(b?rag\s*)?(key|legend|ratings?)\s*:?$|^b?rag\s*:?$", re.IGNORECASE)
#: What a word nothing settles is proposed as, for the person to confirm or change.
_PROPOSALS = (
    (
        Rag.RED,
        re.compile(r"\b(off track|not started|overdue|blocked|stalled|missed|late|failed)\b"),
    ),
    (Rag.AMBER, re.compile(r"\b(at risk|slipp\w*|delayed|in progress|ongoing|started|behind)\b")),
    (Rag.GREEN, re.compile(r"\b(on track|complete[d]?|closed|done|achieved|delivered|blue)\b")),
    (Rag.GREEN, re.compile(r"[✅✔☑]")),  # a tick: done
    (Rag.GREEN, re.compile(r"^b$")),  # BRAG's letter for Blue, complete, beside R, A and G
)


#: "A/G", "Amber/Red", "Green - Amber": two ratings, the first the one it stands at.
_TWO_COLOURS = re.compile(
    r"^(?P<first>g|a|r|green|amber|red)\s*[/\-–]\s*(?:g|a|r|green|amber|red)$", re.IGNORECASE
)
_LETTERS = {"g": Rag.GREEN, "a": Rag.AMBER, "r": Rag.RED}


def proposed(word: str) -> Rag:
    """The rating a status word most likely means (NOT RATED if it says nothing)."""
    lowered = " ".join(word.lower().split())
    two = _TWO_COLOURS.match(lowered)
    if two is not None:
        return _LETTERS[two.group("first")[0]]
    for rag, pattern in _PROPOSALS:
        if pattern.search(lowered):
            return rag
    return Rag.NOT_RATED


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


#: "Green - on track", "RED – missed", "G (complete)": a rating, then words about it. A letter
#: counts only before a mark ("A delay" is not AMBER), and either before a slash is a choice.
_LEADING_RAG = re.compile(
    r"^(?:(?P<word>green|amber|red)\b|(?P<letter>[gar])\s*(?=[(\-–—:]))(?!\s*/)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: After the first rating, another ("Green - Amber", "Amber (was Green)", "G-A"): not read.
_ANOTHER_RAG = re.compile(r"\b(?:green|amber|red|blue)\b|^\W*[garb]\W*$", re.IGNORECASE)
#: Coloured circles and squares some trackers put in the RAG column.
_RAG_SYMBOLS = {
    "🟢": Rag.GREEN, "🟩": Rag.GREEN, "🟠": Rag.AMBER, "🟡": Rag.AMBER,
    "🟧": Rag.AMBER, "🟨": Rag.AMBER, "🔴": Rag.RED, "🟥": Rag.RED,
}  # fmt: skip


def _symbol_and_words(text: str) -> Rag | None:
    """ "🟠 Amber", "🟢 Complete": a coloured symbol, then words that name no other rating."""
    stripped = text.strip()
    symbol = _RAG_SYMBOLS.get(stripped[:1])
    if symbol is None:
        return None
    rest = stripped[1:].lstrip("\ufe0f \u00a0-–—:")
    named = parse_rag(rest)
    if named is None:
        leading = _LEADING_RAG.match(rest)
        named = parse_rag(leading.group("word")) if leading and leading.group("word") else None
    if named is None:
        return None if _ANOTHER_RAG.search(rest) else symbol
    return symbol if named is symbol else None  # "🟢 Red" says two things: asked


class RagVocabulary:
    """What one tracker's RAG words mean: the standard words, symbols, and its own key."""

    def __init__(self) -> None:
        self._key: dict[Rag, str] = {}
        self._blue: str | None = None
        self._key_words: dict[str, Rag] = {}
        self._scores: dict[str, Rag] = {}
        self._wording: dict[str, str] = {}  # the key's wording as written, by its lower case
        self._words: dict[str, Rag | None] = {}
        #: Words nothing settles: the word as first written, and where each stands.
        self._asked: dict[str, tuple[str, list[tuple[str | None, str, int]], int | None]] = {}
        #: Words read through the key's wording: the word, rating, wording, rows.
        self._inferred: dict[str, tuple[str, Rag, str, list[int], int | None]] = {}

    def word(self, text: str) -> Rag | None:
        """A RAG cell's text read as a rating; trackers repeat a few words, so each is read once."""
        try:
            return self._words[text]
        except KeyError:
            rag = parse_rag(text) or _RAG_SYMBOLS.get(text) or _symbol_and_words(text)
            leading = _LEADING_RAG.match(text.strip()) if rag is None else None
            if leading and not _ANOTHER_RAG.search(leading.group("rest")):
                rag = parse_rag(leading.group("word") or leading.group("letter"))
            self._words[text] = rag
            return rag

    def key_meaning(self, text: str) -> Rag | None:
        """The rating the tracker's key gives the text, if it settles it.

        The key's wording itself ("In progress"), a score ("3"), BRAG's Blue, or
        words found in the wording of one rating only ("On track" when GREEN's is
        "Complete or on track").
        """
        flat = " ".join(text.lower().split())
        if flat in self._key_words:
            return self._key_words[flat]
        if flat in self._scores:
            return self._scores[flat]
        leading = re.match(r"^(blue|b)\b", flat)
        if self._blue is not None and leading:
            return Rag.GREEN
        words = _words(text)
        if not words:
            return None
        having = {
            (rag, meaning)
            for meaning, rag in self._key_words.items()
            if re.search(rf"\b{re.escape(words)}\b", _words(meaning))
        }
        return having.pop()[0] if len({r for r, _ in having}) == 1 else None

    def settled_by_wording(self, text: str) -> str | None:
        """The key wording a word was read through, when it is not the wording itself."""
        flat = " ".join(text.lower().split())
        if flat in self._key_words or flat in self._scores:
            return None
        words = _words(text)
        for meaning in self._key_words:
            if words and re.search(rf"\b{re.escape(words)}\b", _words(meaning)):
                return self._wording.get(meaning, meaning)
        return None

    def ask(self, text: str, place: tuple[str | None, str, int], column: int | None) -> None:
        """Note a word nothing settles, to be asked once with every place it stands."""
        flat = " ".join(text.split())
        _, places, _ = self._asked.setdefault(flat.lower(), (flat, [], column))
        places.append(place)

    def note_inferred(
        self, text: str, rag: Rag, wording: str, row: int, column: int | None
    ) -> None:
        """Note a word read through the key's wording ("On track" in "Complete or on track")."""
        flat = " ".join(text.split())
        entry = self._inferred.setdefault(flat.lower(), (flat, rag, wording, [], column))
        entry[3].append(row)

    def asked(self) -> list[tuple[str, Rag, list[tuple[str | None, str, int]], int | None]]:
        """The words to ask about: (word, proposed rating, places, column), in sheet order."""
        return sorted(
            ((w, proposed(w), places, c) for w, places, c in self._asked.values()),
            key=lambda item: item[2][0][2],
        )

    def inferred(self) -> list[tuple[str, Rag, str, list[int], int | None]]:
        """The words read through the key's wording, for the preview to say so."""
        return list(self._inferred.values())

    def key_row(self, cells: list[tuple[int, str]], *, letters: bool) -> bool:
        """Read a RAG key row ("GREEN | Complete/established"); True if the row is one.

        A row may give a score before its colour ("3 | Green – Complete or on track")
        and BRAG's Blue ("Blue | Complete").

        Args:
            cells: the row's filled cells as (column, text).
            letters: whether "G | Complete" counts (above the table, where nothing else is).
        """
        found: dict[str, str] = {}
        scores: dict[str, str] = {}
        texts = [text.strip() for _, text in cells]
        index = 1 if len(texts) > 1 and _KEY_LABEL.match(texts[0]) else 0  # "Key | Blue – ..."
        while index < len(texts):
            score = None
            if _SCORE.match(texts[index]) and index + 1 < len(texts):
                score, index = texts[index], index + 1
            text = texts[index]
            entry = _KEY_ENTRY.match(text) or (_LETTER_ENTRY.match(text) if letters else None)
            if entry:
                colour = _LETTER_COLOURS.get(entry.group("rag").lower(), entry.group("rag").lower())
                meaning = entry.group("meaning").strip()
                score = score or entry.groupdict().get("score")  # "3 = Green - complete"
                index += 1
            else:
                colour = text.lower() if text.lower() in _COLOURS else ""
                rag = parse_rag(text)
                if not colour and rag in RATED and letters:
                    colour = rag.value.lower() if rag else ""
                if not colour or index + 1 >= len(texts) or parse_rag(texts[index + 1]):
                    return False
                meaning = texts[index + 1]
                index += 2
            if not any(char.isalpha() for char in meaning):
                return False  # "Green | 5" counts the ratings; a key words them
            found[colour] = meaning
            if score is not None:
                scores[score] = colour
        if not found:
            return False
        for colour, meaning in found.items():
            if colour == "blue":
                self._blue = self._blue or meaning
            else:
                self._key.setdefault(_COLOURS[colour], meaning)
            flat = " ".join(meaning.lower().split())
            self._key_words.setdefault(flat, _COLOURS[colour])
            self._wording.setdefault(flat, " ".join(meaning.split()))
        for score, colour in scores.items():
            self._scores.setdefault(score, _COLOURS[colour])
        return True

    def key_line(self, text: str) -> bool:
        """Read a key written in one cell ("Key: G = Complete, A = On track, R = Off track");
        True if the cell is one."""
        match = _KEY_LINE.match(text.strip())
        if match is None:
            return False
        entries = [e.strip() for e in re.split(r"[,;\n]", match.group("entries")) if e.strip()]
        return len(entries) > 1 and self.key_row(list(enumerate(entries)), letters=True)

    def key(self) -> RagKey | None:
        """The plan's RAG key as the tracker words it, or None if it has no key."""
        if not self._key and self._blue is None:
            return None
        default = RagKey()
        green = self._key.get(Rag.GREEN)
        if self._blue is not None:  # BRAG: Blue and Green are both GREEN, in the key's words
            green = f"{green}; Blue: {self._blue}" if green else self._blue
        return RagKey(
            green=green or default.green,
            amber=self._key.get(Rag.AMBER, default.amber),
            red=self._key.get(Rag.RED, default.red),
        )

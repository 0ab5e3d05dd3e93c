"""Reading deliverable references as trackers type them: "1.4", "Ref 1.4", 1.1 for 1.10, "3".

Used by the header step (is this column the references?) and the rows step
(which rows are deliverables). Takes a reference cell's value; gives the
reference in the plan's form ("1.4") and any text typed after it.
"""

from __future__ import annotations

import re
from collections.abc import Container

from nhp_planner.io.tracker.sheets import SheetWarnings, value_text
from nhp_planner.model.refs import REF_PATTERN, normalise_ref, objective_number

_LEADING_REF = re.compile(
    r"^(?:ref(?:erence)?\.?\s*)?(?P<ref>\d{1,4}[.,]\d{1,5}(?:\.\d{1,5})?[a-z]?)"
    r"(?:\s*[.):\-–]\s*|\s+)(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: "Ref 1.4", "No. 1.4", "NHP-1.4": a word before the number that is not part of it.
_REF_PREFIX = re.compile(r"^(?:ref(?:erence)?|no|[a-z]{1,5})\.?[\s\-_:]*(?=\d)", re.IGNORECASE)

#: After a word such as "Obj": the objective's number, a dash, the item's ("Obj 1 - 2").
_OBJECTIVE_AND_ITEM = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})$")


#: "1.3 & 1.4", "1.3/1.4", "1.3, 1.4", "1.3 and 4", "1.1 – 1.4": one row for several
#: deliverables. The second is a reference followed by a break, or a number ending the cell.
_TWO_REFS = re.compile(
    r"^\d{1,4}[.,]\d{1,5}[a-z]?\s*(?:&|\+|/|;|,|\band\b|\bto\b|[-–—]|\n)\s*"
    r"(?:\d{1,4}\.\d{1,5}[a-z]?(?=[\s.,;:)]|$)|\d{1,5}[a-z]?\s*$)",
    re.IGNORECASE,
)


def more_than_one_ref(text: str) -> bool:
    """Whether the text starts with two references ("1.3 & 1.4"), a word before them or not."""
    return _TWO_REFS.match(_REF_PREFIX.sub("", text.strip(), count=1)) is not None


#: An item's number alone, as typed within its objective: "3", "3." or "3)".
_ITEM_NUMBER = re.compile(r"^(\d{1,3})[.)]?$")


def item_digits(value: object) -> str | None:
    """The digits of a number alone in a reference cell ("3", "3." or "3)"), else None."""
    match = _ITEM_NUMBER.match(value_text(value).strip())
    return match.group(1) if match else None


def leading_ref(text: str) -> tuple[str, str] | None:
    """Split "1.4 We will ..." into ("1.4", "We will ..."); None if the text starts otherwise."""
    match = _LEADING_REF.match(text)
    if match is None:
        return None
    ref = normalise_ref(match.group("ref"))
    return (ref, match.group("text").strip()) if ref else None


def read_ref(value: object) -> tuple[str | None, str]:
    """The reference in a ref cell, and any text after it ("1.4 We will ...")."""
    if value is None:
        return None, ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return normalise_ref(value_text(value)), ""
    text = value_text(value)
    if REF_PATTERN.match(text):  # the usual "1.4", without normalise_ref's rewriting
        return text.lower(), ""
    text, prefixed = _REF_PREFIX.subn("", text)
    ref = normalise_ref(text)
    if ref is not None:
        return ref, ""
    pair = _OBJECTIVE_AND_ITEM.match(text) if prefixed else None
    if pair is not None:  # "Obj 1 - 2": objective 1's second deliverable
        return f"{int(pair.group(1))}.{int(pair.group(2))}", ""
    return leading_ref(text) or (None, "")


class RefGuesses:
    """References a sheet leaves to be worked out from the rows above, each guess warned of."""

    def __init__(self, warnings: SheetWarnings, column: int | None) -> None:
        self._warnings = warnings
        self._column = column
        self._numbered_within = False
        #: The last reference read in each objective.
        self._last: dict[int, str] = {}

    def seen(self, ref: str) -> None:
        """Note a deliverable's reference, for the guesses of the rows below it."""
        self._last[objective_number(ref)] = ref

    def typed_whole_in(self, objective: int) -> bool:
        """Whether this objective's references so far were typed whole ("1.3"), not "3"."""
        return objective in self._last and not self._numbered_within

    def item_number(self, value: object, row: int, section: int | None) -> str | None:
        """Read "3" (or "3.") under objective 2 as 2.3, for trackers that number within each
        objective."""
        digits = item_digits(value)
        if digits is None or section is None:
            return None
        text = value_text(value)
        ref = f"{section}.{int(digits)}"
        if not self._numbered_within:
            self._numbered_within = True
            self._warnings.add(
                row,
                self._column,
                f"references are numbered within each objective, so {text} under objective "
                f"{section} is read as {ref}, and so on",
            )
        return ref

    def numeric(self, ref: str, value: float, row: int, column: int, taken: Container[str]) -> str:
        """Excel turns a typed 1.10 into the number 1.1; after 1.9, it must have been 1.10."""
        previous = self._last.get(objective_number(ref))
        parts = previous.split(".") if previous else []
        if len(parts) != 2 or not parts[1].isdigit() or "." not in ref:
            return ref
        for zeros in ("0", "00"):
            candidate = ref + zeros
            if int(candidate.split(".")[1]) == int(parts[1]) + 1 and candidate not in taken:
                self._warnings.add(
                    row,
                    column,
                    f"the reference is the number {value_text(value)}; read as {candidate} "
                    f"because it follows {previous} (format the column as Text to keep "
                    "references like 1.10 exactly)",
                )
                return candidate
        return ref

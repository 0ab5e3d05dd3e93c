"""What was read from a source file, before it touches any plan: the reading and its warnings.

Below both :mod:`nhp_planner.io.importing` (which previews and applies a
reading) and the readers that make one (plan JSON, :mod:`nhp_planner.io.tracker`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import Rag


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something in the source that was skipped or guessed, and exactly where it is."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"sheet '{self.sheet}'" if self.sheet else "",
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{place}: {self.message}" if place else self.message


#: Why an unreadable date is listed, where nothing more is known of it.
UNREAD_DATE = "cannot be read as a date, so it is kept as written and can never show as overdue"


def kept_as_written(ref: str, text: str) -> str:
    """What the preview says of a date it cannot read and knows nothing more of: "1.5: 'Spring'"."""
    return f"{ref}: '{' '.join(text.split())}'"


#: A heading told apart from another of the same name by its letter: "column F 'RAG'".
LETTERED = re.compile(r"^column [A-Z]{1,3} '.*'$", re.DOTALL)
_REF_PREFIX = re.compile(r"^\d+(?:\.\d+)+[a-z]?:? ")
#: From this many warnings alike (same sheet, column and words), one line stands for them all.
GROUP_FROM = 3


def grouped(warnings: Sequence[ImportWarning]) -> list[ImportWarning]:
    """Warnings alike but for their row and reference, as one line each.

    "29 rows: '3' is not a RAG rating ... (rows 10–38)"; fewer than
    :data:`GROUP_FROM` alike stay as they are.
    """
    alike: dict[tuple[str | None, str | None, str], list[ImportWarning]] = {}
    for warning in warnings:
        key = (warning.sheet, warning.column, _REF_PREFIX.sub("", warning.message))
        alike.setdefault(key, []).append(warning)
    result: list[ImportWarning] = []
    done: set[tuple[str | None, str | None, str]] = set()
    for warning in warnings:
        key = (warning.sheet, warning.column, _REF_PREFIX.sub("", warning.message))
        group = alike[key]
        if len(group) < GROUP_FROM:
            result.append(warning)
        elif key not in done:
            done.add(key)
            rows = sorted(w.row for w in group if w.row)
            span = f" (rows {rows[0]}–{rows[-1]})" if rows else ""
            result.append(
                ImportWarning(
                    f"{len(group)} rows: {key[2]}{span}", warning.sheet, None, warning.column
                )
            )
    return result


@dataclass(frozen=True, slots=True)
class RagWord:
    """A status word in the RAG column that nothing settles: asked once, never guessed."""

    word: str
    #: What the word most likely means, offered as the answer.
    proposed: Rag
    #: Where it stands: (period key of the month it was read for, or None; ref; row).
    places: tuple[tuple[str | None, str, int], ...]
    sheet: str | None = None
    column: str | None = None

    @property
    def count(self) -> int:
        return len(self.places)

    def __str__(self) -> str:
        rows = sorted({row for _, _, row in self.places})
        span = f"rows {rows[0]}–{rows[-1]}" if len(rows) > 1 else f"row {rows[0]}"
        where = f"sheet '{self.sheet}', " if self.sheet else ""
        column = f"column {self.column}, " if self.column else ""
        return (
            f"'{self.word}': {counted(self.count, 'row')} "
            f"({where}{column}{span}), proposed {self.proposed.label}"
        )


@dataclass(frozen=True, slots=True)
class ReadFrom:
    """Where in a workbook the plan was read: for the preview, and to let the person choose."""

    #: The sheets read (one, or one per objective).
    sheets: tuple[str, ...]
    header_row: int
    #: Every sheet holding a table of deliverables, in workbook order: the choice offered.
    tables: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceReading:
    """What was understood from a source file, before it touches any plan."""

    source: Path
    document: PlanDocument
    #: How the source's columns were read: (column heading as written, field it fills).
    mapping: tuple[tuple[str, str], ...] = ()
    warnings: tuple[ImportWarning, ...] = ()
    read_from: ReadFrom | None = None
    #: Where the period came from, for the preview ("the heading 'Update Jan 24'").
    period_from: str = ""
    #: RAG words nothing settles, for the person to say what each means.
    rag_words: tuple[RagWord, ...] = ()
    #: Each date kept as written because it cannot be read, once: where it stands (a tracker's
    #: cell; plan JSON has none) and why, the warning made of it when there is one.
    unread_dates: tuple[ImportWarning, ...] = ()

    @property
    def all_warnings(self) -> tuple[ImportWarning, ...]:
        """The warnings, then each unreadable date that has none of its own, saying why it is
        listed: one list for a reader who sees no separate list of dates (the window)."""
        warned = set(self.warnings)
        return self.warnings + tuple(
            replace(date, message=f"{date.message} {UNREAD_DATE}")
            for date in self.unread_dates
            if date not in warned
        )

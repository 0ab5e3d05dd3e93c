"""What was read from a source file, before it touches any plan: the reading and its warnings.

Below both :mod:`nhp_planner.io.importing` (which previews and applies a
reading) and the readers that make one (plan JSON, :mod:`nhp_planner.io.tracker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nhp_planner.io.plan_json import PlanDocument


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

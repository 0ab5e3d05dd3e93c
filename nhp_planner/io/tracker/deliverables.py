"""Step 6, deliverables: the rows' entries become the table's deliverables and objectives.

Takes :class:`~nhp_planner.io.tracker.rows.RowsRead`; gives a
:class:`TableReading`: each entry's texts and RAG (its word, the key's wording,
else its fill) as a :class:`~nhp_planner.model.entities.Deliverable`, the
objectives, the RAG key, and every warning in sheet order. Notes left between
deliverables, references with no text and RAG words nothing explains are
warned of here.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.tracker.headers import COMMITMENT, DATE, LEAD, RAG, SUMMARY
from nhp_planner.io.tracker.rows import Entry, RowsRead
from nhp_planner.model.entities import Deliverable, Objective
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag, RagKey
from nhp_planner.model.refs import objective_number


@dataclass(frozen=True, slots=True)
class TableReading:
    """What a sheet's table holds, ready to become a plan document."""

    title: str | None
    #: A month named above the table ("Position as at January 2024"), when the header names none.
    period: ReportingPeriod | None
    rag_key: RagKey | None
    objectives: tuple[Objective, ...]
    deliverables: tuple[Deliverable, ...]
    fields: frozenset[str]
    warnings: tuple[ImportWarning, ...]


def table_reading(rows: RowsRead) -> TableReading:
    """The deliverables and objectives the rows hold, with every warning in sheet order."""
    for row, column, _ in rows.notes:
        if row < rows.last_deliverable_row:
            rows.warnings.add(
                row,
                column,
                "text between deliverables with no reference (such as 1.4), so it was not imported",
            )
    deliverables = []
    for entry in rows.entries:
        deliverable = _deliverable_of(rows, entry)
        if deliverable is not None:
            deliverables.append(deliverable)
    return TableReading(
        title=rows.title,
        period=rows.period,
        rag_key=rows.vocabulary.key(),
        objectives=rows.headings.objectives(d.objective for d in deliverables),
        deliverables=tuple(deliverables),
        fields=rows.fields,
        warnings=rows.warnings.in_order(),
    )


def _deliverable_of(rows: RowsRead, entry: Entry) -> Deliverable | None:
    texts = entry.texts
    commitment = texts.get(COMMITMENT, "")
    summary = texts.get(SUMMARY, "")
    if not commitment and not summary:
        if not (entry.rag_text or entry.fill_rag or texts.get(DATE) or texts.get(LEAD)):
            rows.warnings.add(
                entry.row,
                entry.ref_column,
                f"{entry.ref} has a reference but no text, so it was not imported",
            )
            return None
        rows.warnings.add(
            entry.row,
            rows.header.columns.get(COMMITMENT, entry.ref_column),
            f"{entry.ref} has no deliverable text",
        )
    return Deliverable(
        ref=entry.ref,
        objective=objective_number(entry.ref),
        commitment=commitment,
        summary_position=summary,
        rag=_rag_of(rows, entry),
        date_text=texts.get(DATE, ""),
        lead=texts.get(LEAD) or None,
    )


def _rag_of(rows: RowsRead, entry: Entry) -> Rag:
    text = entry.rag_text
    if not text:
        return entry.fill_rag or Rag.NOT_RATED
    if entry.rag is not None:
        return entry.rag
    # The plan's own key wording ("In progress"); the key may sit below the table.
    rag = rows.vocabulary.key_meaning(text)
    if rag is not None:
        return rag
    if entry.fill_rag is not None:
        outcome = f"read as {entry.fill_rag.label} from the cell's colour"
    else:
        outcome = "left not rated"
    rows.warnings.add(
        entry.rag_row,
        rows.header.columns.get(RAG),
        f"{entry.ref}: '{_shorten(text)}' is not a RAG rating (GREEN, AMBER, RED); {outcome}",
    )
    return entry.fill_rag or Rag.NOT_RATED


def _shorten(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

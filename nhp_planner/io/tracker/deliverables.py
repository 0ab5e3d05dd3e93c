"""Step 6, deliverables: the rows' entries become the table's deliverables and objectives.

Takes :class:`~nhp_planner.io.tracker.rows.RowsRead`; gives a
:class:`TableReading`: each entry's texts and RAG (its word, the key's wording,
else its fill) as a :class:`~nhp_planner.model.entities.Deliverable`, the
objectives, the RAG key, and every warning in sheet order. Notes left between
deliverables, references with no text and RAG words nothing explains are
warned of here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter

from nhp_planner.io.reading import ImportWarning, RagWord
from nhp_planner.io.tracker.date_cells import date_warnings
from nhp_planner.io.tracker.headers import (
    COMMITMENT,
    DATE,
    LEAD,
    RAG,
    SUMMARY,
    MonthColumns,
    meanings,
)
from nhp_planner.io.tracker.objectives import sheet_title
from nhp_planner.io.tracker.rows import Entry, RowsRead
from nhp_planner.model.entities import Deliverable, Objective
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
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
    #: A tracker keeping several months: the earlier months' deliverables, oldest first
    #: (``deliverables`` and ``period`` are then the latest month's).
    history: tuple[tuple[ReportingPeriod, tuple[Deliverable, ...]], ...] = ()
    rag_words: tuple[RagWord, ...] = ()
    #: Each date that cannot be read, once, with its cell (see :func:`.date_cells.date_warnings`).
    unread_dates: tuple[ImportWarning, ...] = ()


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
    kept: list[Entry] = []
    for entry in rows.entries:
        deliverable = _deliverable_of(rows, entry)
        if deliverable is not None:
            deliverables.append(deliverable)
            kept.append(entry)
    unread_dates = date_warnings(rows, kept)
    header = rows.header
    for column in header.skipped_hidden:
        heading = header.headings[column]
        instead = [c for f, _ in meanings(heading) if (c := header.columns.get(f)) is not None]
        used = (
            f"; column {column_letter(instead[0])} '{header.headings.get(instead[0], '')}' was"
            if instead
            else ""
        )
        rows.warnings.add(
            header.first_row,
            column,
            f"column {column_letter(column)} '{heading}' is hidden, so it was not read{used}",
        )
    for column, chosen, later in header.alike:
        rows.warnings.add(
            header.first_row,
            column,
            f"column {column_letter(column)} '{header.headings[column]}' was not imported: "
            f"column {column_letter(chosen)} '{header.headings[chosen]}' is headed alike and "
            f"was read, as {'the later quarter' if later else 'the first'}; if "
            f"{column_letter(column)} is the latest, rename {column_letter(chosen)}'s heading "
            "and import again",
        )
    for note in rows.header.notes:
        rows.warnings.add(rows.header.first_row, None, note)
    for column, heading, named in rows.header.left_out:
        rows.warnings.add(
            rows.header.first_row,
            column,
            f"'{heading}' is for {named.label}, which does not have both an update and a RAG "
            "column of its own, so it was not imported",
        )
    period = rows.period
    history: list[tuple[ReportingPeriod, tuple[Deliverable, ...]]] = []
    months = [m for m in rows.header.months if _written(m, kept)]
    for month in rows.header.months:
        if month not in months and (not months or month.period > months[-1].period):
            _left_out(rows, month, "nothing is written in its columns yet")
        elif month not in months:
            _left_out(rows, month, "nothing is written in its columns")
    if months:
        by_month = [
            (m, tuple(_in_month(rows, m, e, d) for e, d in zip(kept, deliverables, strict=True)))
            for m in months
        ]
        history = [(m.period, month_deliverables) for m, month_deliverables in by_month[:-1]]
        period, deliverables = by_month[-1][0].period, list(by_month[-1][1])
    _key_readings(rows)
    return TableReading(
        title=rows.title,
        period=period,
        rag_key=rows.vocabulary.key(),
        objectives=rows.headings.objectives(d.objective for d in deliverables),
        deliverables=tuple(deliverables),
        fields=rows.fields,
        warnings=rows.warnings.in_order(),
        history=tuple(history),
        rag_words=rag_questions(rows),
        unread_dates=unread_dates,
    )


def joined(tables: list[tuple[str, TableReading]]) -> TableReading:
    """The tables of a workbook kept one sheet per objective, as one plan.

    Each sheet's name titles its objective when no heading on the sheet does.
    """
    objectives: list[Objective] = []
    for name, table in tables:
        for objective in table.objectives:
            title = objective.title or (sheet_title(name) if len(table.objectives) == 1 else None)
            objectives.append(replace(objective, title=title))
    history: dict[ReportingPeriod, list[Deliverable]] = {}
    for _, table in tables:
        for period, deliverables in table.history:
            history.setdefault(period, []).extend(deliverables)
    return TableReading(
        title=None,  # each sheet's title line names its objective; the file names the plan
        period=max((t.period for _, t in tables if t.period), default=None),
        rag_key=next((t.rag_key for _, t in tables if t.rag_key), None),
        objectives=tuple(sorted(objectives, key=lambda o: o.number)),
        deliverables=tuple(d for _, t in tables for d in t.deliverables),
        fields=frozenset().union(*(t.fields for _, t in tables)),
        warnings=tuple(w for _, t in tables for w in t.warnings),
        history=tuple((p, tuple(ds)) for p, ds in sorted(history.items())),
        rag_words=tuple(w for _, t in tables for w in t.rag_words),
        unread_dates=tuple(w for _, t in tables for w in t.unread_dates),
    )


def _written(month: MonthColumns, entries: list[Entry]) -> bool:
    """Whether any deliverable has an update or a RAG for the month."""
    return any(
        (part := e.months[month.period]).texts.get(SUMMARY) or part.rag_text or part.fill_rag
        for e in entries
    )


def _left_out(rows: RowsRead, month: MonthColumns, why: str) -> None:
    rows.warnings.add(
        rows.header.first_row,
        month.summary,
        f"the columns for {month.period.label} were not imported: {why}",
    )


def _in_month(
    rows: RowsRead, month: MonthColumns, entry: Entry, deliverable: Deliverable
) -> Deliverable:
    """The deliverable as it stood in one month: that month's update and RAG."""
    part = entry.months[month.period]
    return replace(
        deliverable,
        summary_position=part.texts.get(SUMMARY, ""),
        rag=_rag_of(rows, part, month.rag, month.period),
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
        rag=_rag_of(rows, entry, rows.header.columns.get(RAG))
        if not entry.months
        else Rag.NOT_RATED,
        date_text=texts.get(DATE, ""),
        lead=texts.get(LEAD) or None,
    )


def _rag_of(
    rows: RowsRead, entry: Entry, column: int | None, month: ReportingPeriod | None = None
) -> Rag:
    text = entry.rag_text
    if not text:
        return entry.fill_rag or Rag.NOT_RATED
    if entry.rag is not None:
        return entry.rag
    # The plan's own key (its wording, scores, Blue); the key may sit below the table.
    vocabulary = rows.vocabulary
    rag = vocabulary.key_meaning(text)
    if rag is not None:
        wording = vocabulary.settled_by_wording(text)
        if wording is not None:
            vocabulary.note_inferred(text, rag, wording, entry.rag_row, column)
        return rag
    if entry.fill_rag is not None:
        rows.warnings.add(
            entry.rag_row,
            column,
            f"{entry.ref}: '{_shorten(text)}' is not a RAG rating (GREEN, AMBER, RED); "
            f"read as {entry.fill_rag.label} from the cell's colour",
        )
        return entry.fill_rag
    # Not guessed: asked once per word, and not rated until the person answers.
    vocabulary.ask(text, (month.key if month else None, entry.ref, entry.rag_row), column)
    return Rag.NOT_RATED


def _key_readings(rows: RowsRead) -> None:
    for word, rag, wording, row_numbers, column in rows.vocabulary.inferred():
        count = len(row_numbers)
        rows.warnings.add(
            row_numbers[0],
            column,
            f"'{word}' ({counted(count, 'row')}) was read as {rag.label}, "
            f"because the tracker's key says {rag.label} means '{wording}'",
        )


def rag_questions(rows: RowsRead) -> tuple[RagWord, ...]:
    """The RAG words nothing settled, each once with every place it stands."""
    sheet = rows.warnings.sheet
    return tuple(
        RagWord(word, rag, tuple(places), sheet, column_letter(c) if c is not None else None)
        for word, rag, places, c in rows.vocabulary.asked()
    )


def column_letter(column: int) -> str:
    """A column's letter as Excel shows it (0 -> "A")."""
    letter: str = get_column_letter(column + 1)
    return letter


def _shorten(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

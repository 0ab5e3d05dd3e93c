"""Step 4, headers: which column fills which field, by what its heading means.

Takes the first rows of a sheet as text; gives a :class:`HeaderMatch`: the
header row (a second one beneath it, a month over "Update | RAG", joins it),
each field's column and the month the headings name. Forces word and order
their columns as they please ("Ref", "Action / Deliverable", "Latest
update"...): each heading is matched against the synonyms people use,
strongest meaning first, and the row with the most recognised headings (a
reference or deliverable column among them) is the table's header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from nhp_planner.io.tracker.periods import (
    Month,
    financial_year_end,
    heading_month,
    month_number,
    period_of_headings,
    period_of_title,
    without_month,
    years_for,
)
from nhp_planner.io.tracker.refs import leading_ref
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.refs import normalise_ref

REF = "ref"
OBJECTIVE = "objective"
COMMITMENT = "commitment"
LEAD = "lead"
SUMMARY = "summary_position"
RAG = "rag"
DATE = "date_text"

#: Strong meanings first: a heading takes the first field whose pattern it matches,
#: and a weak match gives way when another column claims the field more clearly.
#: Each entry: (field, strength, pattern over the normalised heading).
_RULES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    (
        REF,
        3,
        re.compile(
            r"^(ref|refs|reference|ref no|ref number|no|number|num|#|id|item|item no"
            r"|(deliverable|action|commitment|item) (ref|reference|no|number|#|id))$"
        ),
    ),
    (
        LEAD,
        3,
        re.compile(
            r"\b(lead|leads|owner|owners|responsib\w*|accountable|assigned to)\b|^(who|by whom)$"
        ),
    ),
    (
        SUMMARY,
        3,
        re.compile(
            r"\b(summary position|summary|updates?|position|progress to date|progress notes?)\b"
        ),
    ),
    (SUMMARY, 1, re.compile(r"\b(comments?|commentary|narrative|notes? on progress)\b")),
    (RAG, 3, re.compile(r"^r ?a ?g\b|\brag$|\brag (status|rating)\b")),
    (RAG, 2, re.compile(r"^((overall|current|progress|rag) )?(progress|status|rating|score)$")),
    (RAG, 3, re.compile(r"^b ?r ?a ?g\b")),  # Blue (complete), Red, Amber, Green
    (DATE, 3, re.compile(r"\b(date|dates|due|timescales?|deadline)\b")),
    (DATE, 2, re.compile(r"\b(by when|target|timeline|completion)\b")),
    (OBJECTIVE, 2, re.compile(r"^(strategic )?(objective|objectives|theme|priority)( title)?$")),
    (COMMITMENT, 3, re.compile(r"\b(deliverables?|actions?|commitments?|we will)\b")),
    (COMMITMENT, 2, re.compile(r"\b(description|activity|activities|tasks?|milestones?)\b")),
    (COMMITMENT, 1, re.compile(r"^title$")),  # the item title of a SharePoint list
)
#: A heading that could also be the summary: "Progress" beside a "RAG" column is the update.
_FALLBACK = {RAG: SUMMARY}
_LONGEST_HEADING = 80
#: When a row was last edited is not the deliverable's date, nor its update.
_BOOKKEEPING = re.compile(
    r"\b(date of (last )?update|last updated?|date updated|updated (on|by))\b"
)
#: A date the deliverable is not due by: when it started, or was added to the tracker.
_NOT_DUE = re.compile(
    r"\b(start|started|starting|commenced|added|raised|created|opened|logged|entered"
    r"|received|identified)\b"
)
_CURRENT = re.compile(r"\b(revised|current|latest|new|this month)\b")
_EARLIER = re.compile(r"\b(original|baseline|initial|previous|prior|last month|old)\b")

#: What a header row is recognised by, for the message when no table is found.
LOOKED_FOR = (
    "a header row with a reference column (Ref, No.) or a deliverable column "
    "(Deliverable, Action, Commitment) beside at least one of Summary position / Latest update, "
    "RAG / Progress / Status, Date / Target date / Due / Timescale, Lead / Owner"
)


def normalise_heading(text: str) -> str:
    """Lower case, month names and punctuation dropped: "Summary position (Jan 2024)" ->
    "summary position"."""
    value = without_month(text.lower())
    value = re.sub(r"[^\w#]+", " ", value)
    return " ".join(value.split())


def meanings(text: str) -> tuple[tuple[str, int], ...]:
    """The fields a heading could name, most likely first, each with how strongly."""
    if len(text) > _LONGEST_HEADING:
        return ()
    heading = normalise_heading(text)
    if not heading and heading_month(text) is not None:
        return ((SUMMARY, 1),)  # "April | May | June": each month's update, weakly
    if not heading or _BOOKKEEPING.search(heading):
        return ()
    for field, strength, pattern in _RULES:
        if pattern.search(heading):
            if field == DATE and _NOT_DUE.search(heading):
                return ()  # "Start date", "Date added": the date is the one it is due
            # "Revised date" over "Original date", "Latest update" over "Previous update".
            if _CURRENT.search(heading):
                strength += 1
            elif _EARLIER.search(heading):
                strength -= 1
            fallback = _FALLBACK.get(field)
            if fallback and strength < 3:
                # "Progress" is more often the update than "Status" ("Open", "Closed") is.
                return ((field, strength), (fallback, 0 if "progress" in heading else -1))
            return ((field, strength),)
    return ()


@dataclass(frozen=True, slots=True)
class MonthColumns:
    """One month of a tracker that keeps several side by side: its update and RAG columns."""

    period: ReportingPeriod
    summary: int
    rag: int


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """A header found: where it is, which column fills which field, the period it names."""

    #: Row numbers (1-based) of the header, first and last (a two-row header spans two).
    first_row: int
    last_row: int
    #: Field -> column index (0-based).
    columns: dict[str, int]
    #: Column index -> heading as written, on one line (two header rows joined with a space).
    headings: dict[int, str]
    period: ReportingPeriod | None
    #: The months whose update and RAG each have a column of their own, earliest first;
    #: empty when the tracker keeps one month (its columns are then in ``columns``).
    months: tuple[MonthColumns, ...] = ()
    #: Columns of a month with no update or no RAG of its own: (column, heading, month).
    left_out: tuple[tuple[int, str, ReportingPeriod], ...] = ()
    #: How months written without a year were given one, for the preview.
    notes: tuple[str, ...] = ()
    #: Hidden columns whose heading means a field that a visible column fills instead.
    skipped_hidden: tuple[int, ...] = ()
    #: Visible columns naming the update or RAG as strongly as the column read, and no
    #: month to tell them apart ("Q1 update | Q2 update"): (column, the column read,
    #: whether that one was read as the later quarter).
    alike: tuple[tuple[int, int, bool], ...] = ()

    @property
    def score(self) -> int:
        return len(self.columns)

    def mapping(self) -> tuple[tuple[str, str], ...]:
        """(heading as written, field it fills) in column order; unused headings say so.

        A month's own columns fill their field for that month: "summary_position 2024-01".
        """
        fields = {column: field for field, column in self.columns.items()}
        for month in self.months:
            fields[month.summary] = f"{SUMMARY} {month.period.key}"
            fields[month.rag] = f"{RAG} {month.period.key}"
        named = [h for h in self.headings.values() if h]
        twice = {h for h in named if named.count(h) > 1}
        return tuple(
            (
                f"column {get_column_letter(column + 1)} '{heading}'"
                if heading in twice
                else heading,
                fields.get(column, "not imported"),
            )
            for column, heading in sorted(self.headings.items())
            if heading
        )


def find_header(
    rows: Sequence[tuple[int, Sequence[str]]], hidden: frozenset[int] = frozenset()
) -> HeaderMatch | None:
    """The table's header among the first rows of a sheet, or None.

    Args:
        rows: (row number, the row's cells as text) for the first rows of the sheet.
        hidden: the sheet's hidden columns, read only when no visible column means the same.
    """
    best: tuple[int, int] | None = None  # (score, index into rows)
    for index, (_, texts) in enumerate(rows):
        columns = _named(texts, hidden)
        if REF not in columns and COMMITMENT not in columns:
            continue
        if len(columns) < 2:
            continue
        if best is None or len(columns) > best[0]:
            best = (len(columns), index)
    if best is None:
        return None
    index = best[1]
    block = [index]
    for neighbour in (index + 1, index - 1):
        if 0 <= neighbour < len(rows) and _adds_headings(rows, block, neighbour):
            block.append(neighbour)
            break
    block.sort()
    width = max(len(rows[i][1]) for i in block)
    # A heading wrapped onto lines ("Target\nDate") is one line wherever it is named.
    headings = {
        column: " ".join(
            part for i in block if column < len(rows[i][1]) for part in rows[i][1][column].split()
        )
        for column in range(width)
    }
    texts = [headings[c] for c in range(width)]
    months = _months(rows, block, texts, hidden)
    if months is None:
        columns = _assign(texts, hidden)
        month_columns: tuple[MonthColumns, ...] = ()
        left_out, notes, read_month = _unpaired(rows, block, texts, columns)
    else:
        month_columns, left_out, notes = months
        read_month = None
        used = {c for m in month_columns for c in (m.summary, m.rag)} | {c for c, _, _ in left_out}
        columns = _assign(["" if c in used else t for c, t in enumerate(texts)], hidden)
        latest = month_columns[-1]
        columns[SUMMARY], columns[RAG] = latest.summary, latest.rag
        if len(month_columns) == 1:  # one month with both: the tracker's one period
            month_columns = ()
    columns = _ref_column_from_data(columns, headings, rows[block[-1] + 1 :])
    read = set(columns.values()) | {
        c for m in (months[0] if months is not None else ()) for c in (m.summary, m.rag)
    }
    if months is not None:
        period: ReportingPeriod | None = months[0][-1].period
    else:
        period = period_of_headings(headings, columns.get(SUMMARY), columns.get(RAG))
        period = period or read_month
    return HeaderMatch(
        first_row=rows[block[0]][0],
        last_row=rows[block[-1]][0],
        columns=columns,
        headings={c: h for c, h in headings.items() if h},
        period=period,
        months=month_columns,
        left_out=left_out,
        notes=notes,
        skipped_hidden=tuple(
            c for c in sorted(hidden) if c not in read and meanings(headings.get(c, ""))
        ),
        alike=_alike(texts, columns, read | {c for c, _, _ in left_out} | set(hidden)),
    )


def _alike(
    texts: Sequence[str], columns: dict[str, int], read: set[int]
) -> tuple[tuple[int, int, bool], ...]:
    """Columns left unread that name the update or RAG as strongly as the column read.

    Months tell a tracker's columns apart (:func:`_months`); without one, the later
    quarter is read, else the first column, and the others are said.
    """
    alike = []
    for field in (SUMMARY, RAG):
        chosen = columns.get(field)
        if chosen is None or heading_month(texts[chosen]):
            continue
        strength = dict(meanings(texts[chosen]))[field]
        alike += [
            (column, chosen, _quarter(texts[chosen]) > _quarter(text))
            for column, text in enumerate(texts)
            if column not in read
            and not heading_month(text)
            and dict(meanings(text)).get(field) == strength
        ]
    return tuple(sorted(alike))


_MonthsFound = tuple[
    tuple[MonthColumns, ...], tuple[tuple[int, str, ReportingPeriod], ...], tuple[str, ...]
]


def _months(
    rows: Sequence[tuple[int, Sequence[str]]],
    block: list[int],
    texts: list[str],
    hidden: frozenset[int],
) -> _MonthsFound | None:
    """The months whose update and RAG each have their own column, or None if no month does.

    A month heading merged over "Update | RAG" on the row above names both columns
    under it (a read-only sheet shows the merged text in its first cell only).
    """
    month_texts = list(texts)
    if len(block) == 2:
        upper, lower = rows[block[0]][1], rows[block[1]][1]
        carried: str | None = None
        for column in range(len(month_texts)):
            above = upper[column] if column < len(upper) else ""
            below = lower[column] if column < len(lower) else ""
            if above:
                carried = above if _month_alone(above) else None
            elif carried and below:
                month_texts[column] = f"{carried} {below}"
            else:
                carried = None
    found = {c: m for c, t in enumerate(month_texts) if t and (m := heading_month(t))}
    if not found:
        return None
    sequence = list(dict.fromkeys(found[c] for c in sorted(found)))
    anchor, notes = _anchor(rows[: block[0]], sequence)
    periods = dict(zip(sequence, years_for(sequence, anchor), strict=True))
    complete: list[MonthColumns] = []
    reported: set[int] = set()
    for period in sorted(set(periods.values())):
        own = {c for c, m in found.items() if periods[m] == period}
        fields = _assign(
            [month_texts[c] if c in own else "" for c in range(len(month_texts))], hidden
        )
        if SUMMARY in fields and RAG in fields:
            complete.append(MonthColumns(period, fields[SUMMARY], fields[RAG]))
        reported |= {c for f, c in fields.items() if f in (SUMMARY, RAG)}
    if not complete:
        return None
    taken = {c for m in complete for c in (m.summary, m.rag)}
    left_out = tuple((c, texts[c], periods[found[c]]) for c in sorted(reported - taken))
    return tuple(complete), left_out, notes


def _unpaired(
    rows: Sequence[tuple[int, Sequence[str]]],
    block: list[int],
    texts: list[str],
    columns: dict[str, int],
) -> tuple[tuple[tuple[int, str, ReportingPeriod], ...], tuple[str, ...], ReportingPeriod | None]:
    """An earlier month's update (or RAG) left out beside the one read, with no pair of its own,
    and the month of the update read, its year given as the others' are.

    "Update Jan 24 | Update Feb 24 | RAG": February's update is read with the one RAG;
    January's has no RAG of its own, so it is no period, and the preview says so.
    "April | May | June | RAG" under "2024/25": June 2024's update is read.
    """
    used = set(columns.values())
    found = {c: m for c, t in enumerate(texts) if t and (m := heading_month(t))}
    unused = {
        c: m
        for c, m in found.items()
        if c not in used and any(f in (SUMMARY, RAG) for f, _ in meanings(texts[c]))
    }
    if not unused:
        return (), (), None
    sequence = list(dict.fromkeys(found[c] for c in sorted(found)))
    anchor, notes = _anchor(rows[: block[0]], sequence)
    periods = dict(zip(sequence, years_for(sequence, anchor), strict=True))
    if all(m.year is not None for m in unused.values()):
        notes = ()
    read = found.get(columns.get(SUMMARY, -1))
    return (
        tuple((c, texts[c], periods[unused[c]]) for c in sorted(unused)),
        notes,
        periods[read] if read is not None else None,
    )


def _anchor(
    above: Sequence[tuple[int, Sequence[str]]], sequence: list[Month]
) -> tuple[ReportingPeriod, tuple[str, ...]]:
    """The month year-less headings run up to: the title line's, else this month."""
    if all(m.year is not None for m in sequence):
        return ReportingPeriod(1900, 1), ()
    for _, cells in above:
        for text in cells:
            if text and (period := period_of_title(text)) is not None:
                return period, (
                    f"months written without a year are read as the months up to "
                    f"{period.label}, the month the line '{text}' names",
                )
    for _, cells in above:
        for text in cells:
            if text and (end := financial_year_end(text)) is not None:
                return end, (
                    f"months written without a year are read within the financial year "
                    f"April {end.year - 1} to March {end.year} that the line '{text}' names",
                )
    today = ReportingPeriod.containing(dt.date.today())
    return today, (
        "months written without a year are read as the latest months up to this month, "
        f"{today.label}; use --period to import another",
    )


def _assign(texts: Sequence[str], hidden: frozenset[int] = frozenset()) -> dict[str, int]:
    """Give each field to the column that names it most strongly.

    A hidden column fills a field only when no visible column names it. On a tie
    the column naming the later month (or quarter) wins (trackers keep last month's
    "Summary position (December 2023)" beside January's), then the leftmost.
    """
    claims = sorted(
        (
            (column in hidden, -strength, -month_number(text), -_quarter(text), column, field)
            for column, text in enumerate(texts)
            if text
            for field, strength in meanings(text)
        ),
    )
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for *_, column, field in claims:
        if field not in columns and column not in taken:
            columns[field] = column
            taken.add(column)
    return columns


#: "Q2 update", "Update (Q3)": a quarter; of two columns headed alike, the later is read.
_QUARTER = re.compile(r"\bq([1-4])\b", re.IGNORECASE)


def _quarter(text: str) -> int:
    match = _QUARTER.search(text)
    return int(match.group(1)) if match else 0


def _named(texts: Sequence[str], hidden: frozenset[int] = frozenset()) -> dict[str, int]:
    """The fields a row's headings name in words: a month alone ("Apr-24") may head an
    update column, but is not a heading of the header row's own (it may be a row of
    months over "Update | RAG")."""
    return {f: c for f, c in _assign(texts, hidden).items() if not _month_alone(texts[c])}


def _adds_headings(
    rows: Sequence[tuple[int, Sequence[str]]], block: list[int], neighbour: int
) -> bool:
    """Whether a row beside the header is a second header row (a month over "Update | RAG")."""
    texts = rows[neighbour][1]
    filled = [t for t in texts if t]
    # Every cell a heading or a month: not the RAG key ("RED | Deadline missed") or a title.
    if not filled or not all(meanings(t) or heading_month(t) for t in filled):
        return False
    own = _named(rows[block[0]][1])
    if neighbour < block[0] and all(_month_alone(t) for t in filled):
        # "January 2024" merged over the header's "Update | RAG": the month they are for.
        updates = {own[f] for f in (SUMMARY, RAG) if f in own}
        return all(not t or c in updates for c, t in enumerate(texts))
    theirs = _assign(texts)
    return any(field not in own and column not in own.values() for field, column in theirs.items())


def _month_alone(text: str) -> bool:
    """Whether a heading is a month and nothing else ("January 2024", "Jan 24")."""
    return heading_month(text) is not None and not without_month(text).strip(" ()-")


def _ref_column_from_data(
    columns: dict[str, int],
    headings: dict[int, str],
    below: Sequence[tuple[int, Sequence[str]]],
) -> dict[str, int]:
    """Find the reference column by its contents when no heading names it.

    "Deliverable" sometimes holds the number (with the text under "Action"),
    and the reference column is sometimes left without a heading. A column
    headed as the reference that holds whole numbers only (a SharePoint list's
    item ``ID``) gives way to a column of references such as 1.4.
    """
    if not below:
        return columns
    if REF in columns and not _plain_numbers(below, columns[REF]):
        return _ref_in_text(columns, below)
    column = _column_of_refs(below, dotted=REF in columns)
    if column is None:
        return _ref_in_text(columns, below) if REF in columns else columns
    updated = {field: c for field, c in columns.items() if c != column}
    updated[REF] = column
    if columns.get(COMMITMENT) == column:
        # The text is under another deliverable-like heading, if there is one.
        others = [
            c
            for c, heading in sorted(headings.items())
            if c not in updated.values() and any(f == COMMITMENT for f, _ in meanings(heading))
        ]
        if others:
            updated[COMMITMENT] = others[0]
    return updated


_DOTTED_REF = re.compile(r"^\d{1,3}\.\d{1,3}[a-z]?$", re.IGNORECASE)
_REF_WORD = re.compile(r"^(?:ref(?:erence)?|no|[a-z]{1,5})\.?[\s\-_:]*(?=\d)", re.IGNORECASE)


def _plain_numbers(below: Sequence[tuple[int, Sequence[str]]], column: int) -> bool:
    """Whether a column holds whole numbers only (a SharePoint list's item ``ID``: 41, 42...)."""
    values = [texts[column] for _, texts in below if column < len(texts) and texts[column]]
    return len(values) >= 2 and all(v.isdigit() for v in values)


def _column_of_refs(below: Sequence[tuple[int, Sequence[str]]], *, dotted: bool) -> int | None:
    """The column most of whose values are references (``dotted``: "1.4", never a plain 41)."""
    width = max(len(texts) for _, texts in below)
    best: tuple[float, int] | None = None
    for column in range(width):
        values = [texts[column] for _, texts in below if column < len(texts) and texts[column]]
        if len(values) < 2:
            continue
        if dotted:  # "1.4", "NHP-1.4": a reference with its objective, never a plain 41
            share = sum(1 for v in values if _DOTTED_REF.match(_REF_WORD.sub("", v))) / len(values)
        else:
            share = sum(1 for v in values if normalise_ref(v)) / len(values)
        if share >= 0.6 and (best is None or share > best[0]):
            best = (share, column)
    return best[1] if best is not None else None


def _ref_in_text(
    columns: dict[str, int], below: Sequence[tuple[int, Sequence[str]]]
) -> dict[str, int]:
    """Drop a "Ref" column left empty when the references are typed into the deliverable text."""
    ref, commitment = columns[REF], columns.get(COMMITMENT)
    if commitment is None:
        return columns
    refs = sum(1 for _, texts in below if ref < len(texts) and normalise_ref(texts[ref]))
    texts = [t[commitment] for _, t in below if commitment < len(t) and t[commitment]]
    in_text = sum(1 for text in texts if leading_ref(text))
    if refs == 0 and in_text >= 2 and in_text >= 0.6 * len(texts):
        return {field: column for field, column in columns.items() if field != REF}
    return columns

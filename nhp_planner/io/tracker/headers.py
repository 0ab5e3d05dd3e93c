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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nhp_planner.io.tracker.periods import month_number, period_of_headings, without_month
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
    (LEAD, 3, re.compile(r"\b(lead|leads|owner|owners|responsib\w*|accountable|assigned to)\b")),
    (
        SUMMARY,
        3,
        re.compile(r"\b(summary position|summary|updates?|position|progress to date)\b"),
    ),
    (SUMMARY, 1, re.compile(r"\b(comments?|commentary|narrative|notes? on progress)\b")),
    (RAG, 3, re.compile(r"^r ?a ?g\b|\brag$|\brag (status|rating)\b")),
    (RAG, 2, re.compile(r"^((overall|current|progress) )?(progress|status|rating)$")),
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
    if not heading or _BOOKKEEPING.search(heading):
        return ()
    for field, strength, pattern in _RULES:
        if pattern.search(heading):
            # "Revised date" over "Original date", "Latest update" over "Previous update".
            if _CURRENT.search(heading):
                strength += 1
            elif _EARLIER.search(heading):
                strength -= 1
            fallback = _FALLBACK.get(field)
            if fallback and strength < 3:
                return ((field, strength), (fallback, 0))
            return ((field, strength),)
    return ()


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """A header found: where it is, which column fills which field, the period it names."""

    #: Row numbers (1-based) of the header, first and last (a two-row header spans two).
    first_row: int
    last_row: int
    #: Field -> column index (0-based).
    columns: dict[str, int]
    #: Column index -> heading as written (two header rows joined with a space).
    headings: dict[int, str]
    period: ReportingPeriod | None

    @property
    def score(self) -> int:
        return len(self.columns)

    def mapping(self) -> tuple[tuple[str, str], ...]:
        """(heading as written, field it fills) in column order; unused headings say so."""
        fields = {column: field for field, column in self.columns.items()}
        return tuple(
            (heading, fields.get(column, "not imported"))
            for column, heading in sorted(self.headings.items())
            if heading
        )


def find_header(rows: Sequence[tuple[int, Sequence[str]]]) -> HeaderMatch | None:
    """The table's header among the first rows of a sheet, or None.

    Args:
        rows: (row number, the row's cells as text) for the first rows of the sheet.
    """
    best: tuple[int, int] | None = None  # (score, index into rows)
    for index, (_, texts) in enumerate(rows):
        columns = _assign(texts)
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
    headings = {
        column: " ".join(
            rows[i][1][column] for i in block if column < len(rows[i][1]) and rows[i][1][column]
        )
        for column in range(width)
    }
    columns = _assign([headings[c] for c in range(width)])
    columns = _ref_column_from_data(columns, headings, rows[block[-1] + 1 :])
    period = period_of_headings(headings, columns.get(SUMMARY))
    return HeaderMatch(
        first_row=rows[block[0]][0],
        last_row=rows[block[-1]][0],
        columns=columns,
        headings={c: h for c, h in headings.items() if h},
        period=period,
    )


def _assign(texts: Sequence[str]) -> dict[str, int]:
    """Give each field to the column that names it most strongly.

    On a tie the column naming the later month wins (trackers keep last month's
    "Summary position (December 2023)" beside January's), then the leftmost.
    """
    claims = sorted(
        (
            (-strength, -month_number(text), column, field)
            for column, text in enumerate(texts)
            if text
            for field, strength in meanings(text)
        ),
    )
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for _, _, column, field in claims:
        if field not in columns and column not in taken:
            columns[field] = column
            taken.add(column)
    return columns


def _adds_headings(
    rows: Sequence[tuple[int, Sequence[str]]], block: list[int], neighbour: int
) -> bool:
    """Whether a row beside the header is a second header row (a month over "Update | RAG")."""
    texts = rows[neighbour][1]
    filled = [t for t in texts if t]
    # Every cell a heading or a month: not the RAG key ("RED | Deadline missed") or a title.
    if not filled or not all(meanings(t) or ReportingPeriod.from_label(t) for t in filled):
        return False
    own = _assign(rows[block[0]][1])
    theirs = _assign(texts)
    return any(field not in own and column not in own.values() for field, column in theirs.items())


def _ref_column_from_data(
    columns: dict[str, int],
    headings: dict[int, str],
    below: Sequence[tuple[int, Sequence[str]]],
) -> dict[str, int]:
    """Find the reference column by its contents when no heading names it.

    "Deliverable" sometimes holds the number (with the text under "Action"),
    and the reference column is sometimes left without a heading.
    """
    if not below:
        return columns
    if REF in columns:
        return _ref_in_text(columns, below)
    width = max(len(texts) for _, texts in below)
    best: tuple[float, int] | None = None
    for column in range(width):
        values = [texts[column] for _, texts in below if column < len(texts) and texts[column]]
        if len(values) < 2:
            continue
        share = sum(1 for v in values if normalise_ref(v)) / len(values)
        if share >= 0.6 and (best is None or share > best[0]):
            best = (share, column)
    if best is None:
        return columns
    column = best[1]
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

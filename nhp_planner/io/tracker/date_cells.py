"""Step 6's dates: a deliverable's date the import can say more of, said where it stands.

Takes the rows step's entries; warns of a date kept as text only for want of a
year ("End of March": it can never show as overdue), and of a day-first reading
("03/04/2024", 3 April) in a column that also holds dates only an American
writes ("12/31/2024"), where it may be 4 March. Other dates kept as text are
listed by the import's preview.
"""

from __future__ import annotations

from collections.abc import Sequence

from nhp_planner.io.tracker.headers import DATE
from nhp_planner.io.tracker.rows import Entry, RowsRead
from nhp_planner.model.dates import (
    ambiguous_day_first,
    format_date,
    month_first,
    read_date,
    wants_a_year,
)


def date_warnings(rows: RowsRead, entries: Sequence[Entry]) -> None:
    """Warn of each entry's date that lacks only a year, or may be read the wrong way round."""
    column = rows.header.columns.get(DATE)
    if column is None:
        return
    dated = [(entry, text) for entry in entries if (text := entry.texts.get(DATE, ""))]
    american = next(((e, t) for e, t in dated if month_first(t)), None)
    for entry, text in dated:
        if wants_a_year(text):
            rows.warnings.add(
                entry.row,
                column,
                f"{entry.ref}: '{text}' names no year, so it was kept as written and can never "
                "show as overdue: add the year (such as 'End of March 2024') and import again",
            )
        elif american is not None and ambiguous_day_first(text):
            due = read_date(text).due
            assert due is not None
            other = format_date(due.replace(day=due.month, month=due.day))
            rows.warnings.add(
                entry.row,
                column,
                f"{entry.ref}: '{text}' was read day first, as {format_date(due)}, but "
                f"'{american[1]}' at row {american[0].row} in this column is written month "
                f"first; if this date is too, it is {other}: write it with the month as a "
                "word and import again",
            )

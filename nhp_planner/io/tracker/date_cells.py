"""Step 6's dates: a deliverable's date the import can say more of, said where it stands.

Takes the rows step's entries; warns of a date kept as text for want of a year
("End of March": it can never show as overdue), of Excel's day number where a
date was ("45382"), of a month and two digits that may be a day or a year
("March 31" is kept; "Sept 24" is read as September 2024, said unless the
column's other dates are months with their years), and of a day-first reading
("03/04/2024", 3 April) in a column that also holds dates only an American
writes ("12/31/2024"), where it may be 4 March; and of a calendar year's quarter ("Q3
2024", July to September), where a financial year's may be meant. Gives every date kept as text
once, with its cell, for the import's preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nhp_planner.io.reading import ImportWarning, kept_as_written
from nhp_planner.io.tracker.headers import DATE
from nhp_planner.io.tracker.rows import Entry, RowsRead
from nhp_planner.model.dates import (
    MONTH_NAMES,
    DateKind,
    ambiguous_day_first,
    calendar_quarter,
    format_date,
    format_day_first,
    month_and_year,
    month_first,
    month_or_day,
    read_date,
    wants_a_year,
)

#: Excel's day numbers for 2000 to 2099, and the day before its day 1 (its 1900 leap day
#: counted, as Excel does).
_SERIALS = (36_526, 73_051)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_warnings(rows: RowsRead, entries: Sequence[Entry]) -> tuple[ImportWarning, ...]:
    """Warn of each entry's date the import can say more of.

    Returns:
        Each date that cannot be read, once, placed at its cell: the warning made of
        it, or where nothing more is said of it, its reference and text.
    """
    column = rows.header.columns.get(DATE)
    if column is None:
        return ()
    dated = [(entry, text) for entry in entries if (text := entry.texts.get(DATE, ""))]
    american = next(((e, t) for e, t in dated if month_first(t)), None)
    months = next((t for _, t in dated if month_and_year(t)), None)
    unread: list[ImportWarning] = []
    for entry, text in dated:
        row, value = entry.date_cell or (entry.row, text)
        said = _said(entry, text, value, months)
        if said is None and american is not None and ambiguous_day_first(text):
            due = read_date(text).due
            assert due is not None
            other = format_date(due.replace(day=due.month, month=due.day))
            said = (
                f"{entry.ref}: '{text}' was read day first, as {format_date(due)}, but "
                f"'{american[1]}' at row {american[0].row} in this column is written month "
                f"first; if this date is too, it is {other}: write it with the month as a "
                "word and import again"
            )
        warning = rows.warnings.add(row, column, said) if said is not None else None
        if read_date(text).kind is DateKind.UNKNOWN:
            kept = kept_as_written(entry.ref, text)
            unread.append(warning or rows.warnings.at(row, column, kept))
    return tuple(unread)


def _said(entry: Entry, text: str, value: object, months: str | None) -> str | None:
    """What is said of a date on its own: Excel's day number, a day or a year, no year."""
    serial = _serial(value)
    if serial is not None:
        if isinstance(value, str):
            return (
                f"the date is the text {text}, kept as written; it is how Excel stores "
                f"{format_day_first(serial)}, so a date was pasted as its number: type the "
                "date into the cell and import again"
            )
        return (
            f"the date is the number {text}, kept as written; it is how Excel stores "
            f"{format_day_first(serial)}: format the cell as a date in Excel and import "
            "again to read it as one"
        )
    pair = month_or_day(text)
    if pair is not None:
        month, number = MONTH_NAMES[pair[0] - 1], pair[1]
        if read_date(text).kind is DateKind.UNKNOWN:
            column = (
                f" (this column's other dates are months with their years, such as '{months}')"
                if months is not None
                else ""
            )
            return (
                f"{entry.ref}: '{text}' could be {number} {month} or {month} {2000 + number}"
                f"{column}, so it was kept as written and can never show as overdue: write "
                f"the day with its year (such as '{number} {month} 2024') or the year in full "
                f"('{month} {2000 + number}') and import again"
            )
        if months is None:
            return (
                f"{entry.ref}: '{text}' was read as {month} {2000 + number}, a month and its "
                f"year, but it could be {number} {month}: if it is, write the day with its "
                f"year (such as '{number} {month} 2024') and import again"
            )
        return None
    if (quarter := calendar_quarter(text)) is not None:
        number, year = quarter
        first, last = MONTH_NAMES[3 * number - 3], MONTH_NAMES[3 * number - 1]
        financial_first, financial_last = (
            MONTH_NAMES[3 * number % 12],
            MONTH_NAMES[(3 * number + 2) % 12],
        )
        return (
            f"{entry.ref}: '{text}' was read as the calendar year's quarter, {first} to {last} "
            f"{year}; if the financial year's is meant, write it with that year (such as "
            f"'Q{number} {year}/{(year + 1) % 100:02d}', {financial_first} to {financial_last}) "
            "and import again"
        )
    if wants_a_year(text):
        return (
            f"{entry.ref}: '{text}' names no year, so it was kept as written and can never "
            "show as overdue: add the year (such as 'End of March 2024') and import again"
        )
    return None


def _serial(value: object) -> dt.date | None:
    """The day an Excel day number stands for, as a number cell or typed as text."""
    if isinstance(value, str):
        value = int(value) if value.strip().isdigit() else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not _SERIALS[0] <= value < _SERIALS[1]:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(value))

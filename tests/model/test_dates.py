"""Reading the free-text dates forces write: every form in the design, and bad ones."""

from __future__ import annotations

import datetime as dt

import pytest

from nhp_planner.model.dates import (
    DateKind,
    ambiguous_day_first,
    format_date,
    month_and_year,
    month_first,
    month_or_day,
    read_date,
    wants_a_year,
)
from nhp_planner.model.rag import Rag

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "due", "review"),
    [
        # The forms in the real January 2024 plan.
        ("31/03/2024", DateKind.DATE, D(2024, 3, 31), None),
        ("26/01/2024", DateKind.DATE, D(2024, 1, 26), None),
        ("Ongoing", DateKind.ONGOING, None, None),
        ("TBC", DateKind.TBC, None, None),
        ("Complete", DateKind.COMPLETE, None, None),
        ("Complete Review 31/03/2024", DateKind.COMPLETE, None, D(2024, 3, 31)),
        ("Complete Review 2025", DateKind.COMPLETE, None, D(2025, 12, 31)),
        ("End 2024", DateKind.DATE, D(2024, 12, 31), None),
        ("Completed annually", DateKind.ANNUAL, None, None),
        ("Ongoing Review 2025", DateKind.ONGOING, None, D(2025, 12, 31)),
        # UK day-first, always.
        ("03/04/2024", DateKind.DATE, D(2024, 4, 3), None),
        ("3/4/24", DateKind.DATE, D(2024, 4, 3), None),
        ("03.04.2024", DateKind.DATE, D(2024, 4, 3), None),
        ("03-04-2024", DateKind.DATE, D(2024, 4, 3), None),
        # What Excel and people also write.
        ("2024-04-03", DateKind.DATE, D(2024, 4, 3), None),
        ("2024-04-03 00:00:00", DateKind.DATE, D(2024, 4, 3), None),
        ("3 April 2024", DateKind.DATE, D(2024, 4, 3), None),
        ("3rd Apr 2024", DateKind.DATE, D(2024, 4, 3), None),
        ("March 2024", DateKind.DATE, D(2024, 3, 31), None),
        ("Feb 2024", DateKind.DATE, D(2024, 2, 29), None),
        ("Sept 2024", DateKind.DATE, D(2024, 9, 30), None),
        ("end of March 2024", DateKind.DATE, D(2024, 3, 31), None),
        ("by end 2024", DateKind.DATE, D(2024, 12, 31), None),
        ("03/2024", DateKind.DATE, D(2024, 3, 31), None),
        ("  ongoing  ", DateKind.ONGOING, None, None),
        ("On-going", DateKind.ONGOING, None, None),
        ("BAU", DateKind.ONGOING, None, None),
        ("tbc", DateKind.TBC, None, None),
        ("To be confirmed", DateKind.TBC, None, None),
        ("Completed", DateKind.COMPLETE, None, None),
        ("Complete 31/01/2024", DateKind.COMPLETE, D(2024, 1, 31), None),
        ("Annually", DateKind.ANNUAL, None, None),
        ("Review 31/03/2025", DateKind.DATE, D(2025, 3, 31), D(2025, 3, 31)),
        ("31/03/2024 (review 2025)", DateKind.DATE, D(2024, 3, 31), D(2025, 12, 31)),
        ("", DateKind.BLANK, None, None),
        ("   ", DateKind.BLANK, None, None),
        # Bad ones: kept as typed, read as unknown.
        ("31/02/2024", DateKind.UNKNOWN, None, None),
        ("32/01/2024", DateKind.UNKNOWN, None, None),
        ("13/13/2024", DateKind.UNKNOWN, None, None),
        ("next spring", DateKind.UNKNOWN, None, None),
        ("Q5", DateKind.UNKNOWN, None, None),
        ("31/03/20245", DateKind.UNKNOWN, None, None),
    ],
)
def test_read_date(text: str, kind: DateKind, due: dt.date | None, review: dt.date | None) -> None:
    reading = read_date(text)
    assert (reading.kind, reading.due, reading.review) == (kind, due, review)
    assert reading.text == text  # exactly as written, spaces and all


def test_none_reads_as_blank() -> None:
    assert read_date(None).kind is DateKind.BLANK


@pytest.mark.parametrize(
    ("text", "rag", "overdue"),
    [
        ("31/03/2024", Rag.AMBER, True),
        ("31/03/2024", Rag.RED, True),
        ("31/03/2024", Rag.NOT_RATED, True),
        ("31/03/2024", Rag.GREEN, False),  # GREEN is never overdue
        ("15/04/2024", Rag.AMBER, False),  # due today
        ("30/04/2024", Rag.AMBER, False),
        ("Ongoing", Rag.RED, False),
        ("Complete Review 31/03/2024", Rag.AMBER, False),  # a passed review is not a due date
        ("End 2023", Rag.AMBER, True),
        ("rubbish", Rag.RED, False),
    ],
)
def test_overdue(text: str, rag: Rag, overdue: bool) -> None:
    assert read_date(text).is_overdue(rag, today=D(2024, 4, 15)) is overdue


@pytest.mark.parametrize(
    ("text", "rag", "description"),
    [
        ("31/03/2024", Rag.AMBER, "due 31 Mar 2024, overdue by 12 days"),
        ("11/04/2024", Rag.AMBER, "due 11 Apr 2024, overdue by 1 day"),
        ("31/03/2024", Rag.GREEN, "due 31 Mar 2024"),
        ("Ongoing", Rag.AMBER, "ongoing"),
        ("Ongoing Review 2025", Rag.AMBER, "ongoing, review 31 Dec 2025"),
        ("TBC", Rag.AMBER, "to be confirmed"),
        ("Completed annually", Rag.GREEN, "annual"),
        ("sometime", Rag.AMBER, "could not read this date"),
        ("", Rag.AMBER, "no date given"),
    ],
)
def test_describe(text: str, rag: Rag, description: str) -> None:
    assert read_date(text).describe(rag, today=D(2024, 4, 12)) == description


def test_format_date_ignores_locale() -> None:
    assert format_date(D(2024, 3, 1)) == "1 Mar 2024"


def test_structured_json() -> None:
    assert read_date("Complete Review 31/03/2024").to_json() == {
        "kind": "complete",
        "due": None,
        "review": "2024-03-31",
    }


@pytest.mark.parametrize(
    ("text", "due", "revised_from"),
    [
        # UK financial years (April to March) and their quarters.
        ("Q1 2024/25", D(2024, 6, 30), None),
        ("Q2 2024/25", D(2024, 9, 30), None),
        ("Q3 2024/25", D(2024, 12, 31), None),
        ("Q4 2024/25", D(2025, 3, 31), None),
        ("Q4 FY24/25", D(2025, 3, 31), None),
        ("2024/25 Q1", D(2024, 6, 30), None),
        ("Q1 2024", D(2024, 3, 31), None),  # a calendar year's quarter
        ("FY24/25", D(2025, 3, 31), None),
        ("FY 2024/25", D(2025, 3, 31), None),
        ("2024/25", D(2025, 3, 31), None),
        ("2024-25", D(2025, 3, 31), None),
        ("by end of 2024/25", D(2025, 3, 31), None),
        # Week commencing: due by the week's end.
        ("w/c 15/04/24", D(2024, 4, 21), None),
        ("W/C 15/04/2024", D(2024, 4, 21), None),
        ("week commencing 15 April 2024", D(2024, 4, 21), None),
        # Ranges: due at the end.
        ("01/04/2024 - 30/06/2024", D(2024, 6, 30), None),
        ("01/04/2024 – 30/06/2024", D(2024, 6, 30), None),
        ("Jan–Mar 2025", D(2025, 3, 31), None),
        ("Jan - Mar 2025", D(2025, 3, 31), None),
        ("April to June 2024", D(2024, 6, 30), None),
        ("Q1 2024/25 - Q2 2024/25", D(2024, 9, 30), None),
        # Revised dates: the new one is due, the old one noted.
        ("Dec 2024 (revised from Sept 2024)", D(2024, 12, 31), D(2024, 9, 30)),
        ("31/12/2024 (was 30/09/2024)", D(2024, 12, 31), D(2024, 9, 30)),
        ("Mar 2025 revised from Dec 2024", D(2025, 3, 31), D(2024, 12, 31)),
        # Spellings of a day or month.
        ("31st March 2024", D(2024, 3, 31), None),
        ("March '24", D(2024, 3, 31), None),
        ("March \u201924", D(2024, 3, 31), None),
        ("Mar-24", D(2024, 3, 31), None),
        ("Sept 24", D(2024, 9, 30), None),
    ],
)
def test_dates_people_write(text: str, due: dt.date, revised_from: dt.date | None) -> None:
    reading = read_date(text)
    assert (reading.kind, reading.due, reading.revised_from, reading.text) == (
        DateKind.DATE,
        due,
        revised_from,
        text,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Q5 2024/25",
        "2024/26",  # not one financial year
        "30/06/2024 - 01/04/2024",  # a range that ends before it starts
        "w/c sometime",
        "Dec 2024 (revised from later)",  # the revision unreadable: the whole text is
        "Spring - Summer",
    ],
)
def test_date_forms_that_do_not_read(text: str) -> None:
    reading = read_date(text)
    assert (reading.kind, reading.due, reading.text) == (DateKind.UNKNOWN, None, text)


def test_a_revision_is_described() -> None:
    reading = read_date("Dec 2024 (revised from Sept 2024)")
    assert reading.describe(Rag.AMBER, today=D(2024, 11, 1)) == (
        "due 31 Dec 2024, revised from 30 Sep 2024"
    )


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # Month first only where day first cannot be: there is no month 31 or 13.
        ("12/31/2024", D(2024, 12, 31)),
        ("12/13/24", D(2024, 12, 13)),
        # Excel's d-mmm-yy typed or pasted as text, the month in words first, a weekday.
        ("30-Jun-24", D(2024, 6, 30)),
        ("1-Apr-2024", D(2024, 4, 1)),
        ("March 31, 2024", D(2024, 3, 31)),
        ("Mar 31st 2024", D(2024, 3, 31)),
        ("Friday 31 May 2024", D(2024, 5, 31)),
        ("Fri 31/05/2024", D(2024, 5, 31)),
    ],
)
def test_dates_with_only_one_reading(text: str, due: dt.date) -> None:
    reading = read_date(text)
    assert (reading.kind, reading.due, reading.text) == (DateKind.DATE, due, text)


@pytest.mark.parametrize(
    "text",
    [
        "Monday 31 May 2024",  # 31 May 2024 was a Friday: which is meant cannot be told
        "Mid-April 2024",  # not one day
        "End of March",  # no year: not taken from the plan's period
        "Q3 update",
    ],
)
def test_dates_with_no_one_reading(text: str) -> None:
    assert read_date(text).kind is DateKind.UNKNOWN


@pytest.mark.parametrize(
    ("text", "wants"),
    [
        ("End of March", True),
        ("31st March", True),
        ("end of Q3", True),
        ("March", True),
        ("End of March 2024", False),  # read already
        ("Mid-April", False),  # still not one day with a year
        ("Q3 update", False),
        ("-", False),  # no month or quarter named
        ("TBC", False),
    ],
)
def test_a_date_that_wants_only_a_year(text: str, wants: bool) -> None:
    assert wants_a_year(text) is wants


@pytest.mark.parametrize(
    ("text", "first", "ambiguous"),
    [
        ("12/31/2024", True, False),
        ("03/04/2024", False, True),
        ("06/06/2024", False, False),  # the same either way
        ("13/05/2024", False, False),
        ("31/02/2024", False, False),
        ("March 2024", False, False),
    ],
)
def test_which_way_round_a_numeric_date_reads(text: str, first: bool, ambiguous: bool) -> None:
    assert (month_first(text), ambiguous_day_first(text)) == (first, ambiguous)


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        # A month in full and a number that may be its day: 31 March or March 2031? Kept.
        ("March 31", DateKind.UNKNOWN, None),
        ("June 15", DateKind.UNKNOWN, None),
        ("September 24", DateKind.UNKNOWN, None),
        # Shortened as Excel shows a month and its year: read so, as UK trackers write it.
        ("Sept 24", DateKind.DATE, D(2024, 9, 30)),
        ("Mar 24", DateKind.DATE, D(2024, 3, 31)),
        ("May 25", DateKind.DATE, D(2025, 5, 31)),
        # ...unless it is the month's last day, as due dates are: 31 March, or March 2031?
        ("Mar 31", DateKind.UNKNOWN, None),
        ("Sept 30", DateKind.UNKNOWN, None),
        ("Feb 28", DateKind.UNKNOWN, None),
        ("Feb 27", DateKind.DATE, D(2027, 2, 28)),
        # No day of the month has the number: only a year.
        ("February 30", DateKind.DATE, D(2030, 2, 28)),
        ("March 45", DateKind.DATE, D(2045, 3, 31)),
        # Written as a month and its year in any other way: one reading.
        ("March-31", DateKind.DATE, D(2031, 3, 31)),
        ("March '31", DateKind.DATE, D(2031, 3, 31)),
        ("March 2031", DateKind.DATE, D(2031, 3, 31)),
        ("March 31st", DateKind.UNKNOWN, None),  # a day, lacking its year
    ],
)
def test_a_month_and_two_digits(text: str, kind: DateKind, due: dt.date | None) -> None:
    reading = read_date(text)
    assert (reading.kind, reading.due, reading.text) == (kind, due, text)


@pytest.mark.parametrize(
    ("text", "pair", "month_year"),
    [
        ("March 31", (3, 31), False),
        ("Sept 24", (9, 24), False),
        ("  mar   24 ", (3, 24), False),
        ("Feb 29", (2, 29), False),  # a day in a leap year
        ("Feb 30", None, True),
        ("Mar-24", None, True),
        ("March 2024", None, True),
        ("03/2024", None, True),
        ("31/03/2024", None, False),
        ("March 31st", None, False),
        ("End of March", None, False),
    ],
)
def test_which_texts_may_be_a_day_or_a_year(
    text: str, pair: tuple[int, int] | None, month_year: bool
) -> None:
    assert (month_or_day(text), month_and_year(text)) == (pair, month_year)


def test_a_date_text_is_judged_once_however_many_deliverables_carry_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 10,000-row tracker repeats a few date texts: the import's warnings about them
    (day or year, no year, quarter, American order) work each distinct text out once."""
    import nhp_planner.model.dates as dates

    matched: list[str] = []
    pattern = dates._MONTH_NUMBER

    class Counting:
        def match(self, text: str) -> object:
            matched.append(text)
            return pattern.match(text)

    monkeypatch.setattr(dates, "_MONTH_NUMBER", Counting())
    # Texts of this test alone, so no other test has judged them before.
    texts = ["Sept  17", "Octob 2017", "End of Nove", "17/13/2017"] * 250
    said = [
        (
            month_or_day(t),
            dates.calendar_quarter(t),
            month_and_year(t),
            wants_a_year(t),
            month_first(t),
            ambiguous_day_first(t),
        )
        for t in texts
    ]
    assert said[0] == ((9, 17), None, False, False, False, False)
    assert said[3][4] is False  # 17/13: no month 13 either way
    assert said == said[:4] * 250
    assert len(matched) <= 2 * 4  # month_or_day's own match, and month_and_year's

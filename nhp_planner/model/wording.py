"""How stored values are worded for people: field names, values, times, RAG movement.

The change history and merge conflicts keep values as the store writes them
(RAG words, whole rows as JSON, UTC times); every dialog that shows them reads
them through here, and so does the command line, so they read the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import DELETED, EXISTS, Deliverable
from nhp_planner.model.movement import RagMove
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag

BLANK = "(blank)"


def file_name(text: str) -> str:
    """``text`` as a file name safe on every file system: no folder separators, none of the
    characters Windows refuses (a colon there writes a hidden stream), spaces single."""
    return " ".join(re.sub(r'[\\/:*?"<>|]+', " ", text).split())


#: Field names as people call them.
FIELD_NAMES = {
    "ref": "Ref",
    "duplicate": "Duplicate reference",
    "objective": "Objective",
    "commitment": "Deliverable",
    "lead": "Lead",
    "summary_position": "Summary position",
    "rag": "RAG",
    "date_text": "Date",
    "title": "Title",
    "number": "Number",
    "force": "Force",
    "owner": "Owner",
    "rag_green": "Meaning of GREEN",
    "rag_amber": "Meaning of AMBER",
    "rag_red": "Meaning of RED",
    "reopened": "Reopened for edits",
    EXISTS: "Kept or deleted",
}

#: What a whole-row event in the change history means.
EVENTS = {
    "created": "Created",
    "deleted": "Deleted",
    "updated": "Confirmed as updated",
}


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field) or EVENTS.get(field) or field.replace("_", " ").capitalize()


def short(value: str | None, limit: int = 80) -> str:
    """One line, at most ``limit`` characters: for table cells."""
    if not value:
        return BLANK
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def value_text(field: str, value: str | None) -> str:
    """A stored value in full, for people: a RAG's word, a whole row as a line, or "(blank)"."""
    if field == "rag":
        rag = Rag(value) if value else Rag.NOT_RATED
        return rag.label
    if field == EXISTS:
        if value == DELETED:
            return "Deleted"
        return row_text(value) if value else BLANK
    if field in ("created", "deleted"):
        return row_text(value) if value else ""
    if field in ("updated", "updated_at"):
        return when_text(value) if value else BLANK
    if field == "reopened":
        return "yes" if value == "true" else "no"
    return value if value else BLANK


def row_text(value: str) -> str:
    """A whole row as the history keeps it (JSON), as one readable line.

    "2.5 · AMBER · 31/03/2024 · Insp. Shah · We will hold a partnership day".
    """
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    if "ref" in data:
        rag = Rag(data["rag"]) if data.get("rag") else Rag.NOT_RATED
        parts = [str(data["ref"]), rag.label, data.get("date_text") or "no date"]
        if data.get("lead"):
            parts.append(str(data["lead"]))
        parts.append(short(data.get("commitment"), 200))
        return " · ".join(parts)
    if "number" in data:
        title = data.get("title")
        return f"Objective {data['number']}" + (f": {title}" if title else "")
    return ", ".join(f"{field_name(k)}: {v}" for k, v in data.items() if v)


def when_text(at: str | None) -> str:
    """A stored UTC time as local time for people: "15 Apr 2024 14:03"."""
    if not at:
        return ""
    try:
        moment = dt.datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at
    return f"{format_date(moment.date())} {moment:%H:%M}"


#: Moves worth an arrow in the table; an unchanged RAG is left plain so that moves stand out.
SHOWN_MOVES = frozenset({RagMove.IMPROVED, RagMove.DECLINED, RagMove.RATED, RagMove.NEW})


def movement_text(move: RagMove, before: Deliverable | None, period: ReportingPeriod) -> str:
    """ "▲ Improved: was AMBER in January 2024"."""
    if move is RagMove.NEW or before is None:
        return f"{RagMove.NEW.arrow} New since {period.label}"
    was = before.rag.label if before.rag is not Rag.NOT_RATED else "not rated"
    if move is RagMove.UNCHANGED:
        return f"Unchanged: {was} in {period.label} too"
    words = {
        RagMove.IMPROVED: "Improved",
        RagMove.DECLINED: "Declined",
        RagMove.RATED: "Rated for the first time",
    }
    return f"{move.arrow} {words.get(move, move.value.capitalize())}: was {was} in {period.label}"

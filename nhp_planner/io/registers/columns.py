"""The two register trackers' columns: what each heading is called, and which are required.

The inspectorate tracker is ``Report | Ref | Recommendation / AFI | Type |
Lead | Status | Update | Target date`` (and optionally Area, Scope, RAG,
Deliverables); the outstanding references table is laid out as the agenda
pack prints it, ``No. | Meeting Date & Reference | Action | Owner | Status``
(and optionally Due date, Deliverables, Inspectorate items). Headings are
matched after the tracker reader's own normalising (case, punctuation, month
names), so "Recommendation/AFI" and "RECOMMENDATION / AFI" are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhp_planner.io.tracker.headers import normalise_heading


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a register tracker: the field, the heading written, the headings read."""

    field: str
    heading: str
    also: tuple[str, ...] = ()
    required: bool = False

    def matches(self, text: str) -> bool:
        heading = normalise_heading(text)
        return heading in {normalise_heading(name) for name in (self.heading, *self.also)}


@dataclass(frozen=True, slots=True)
class Layout:
    """A register tracker's columns, in the order they are written."""

    register: str
    #: What the file holds, for messages: "an inspectorate tracker".
    what: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def describe(self) -> str:
        return " | ".join(c.heading for c in self.columns if c.required)


FINDINGS_LAYOUT = Layout(
    "findings",
    "an inspectorate tracker",
    (
        Column("report", "Report", ("Inspection", "Source report", "Source"), required=True),
        Column("ref", "Ref", ("Reference", "No", "Number", "AFI ref"), required=True),
        Column(
            "text",
            "Recommendation / AFI",
            ("Recommendation", "AFI", "Area for improvement", "Finding", "Recommendation AFI"),
            required=True,
        ),
        Column("kind", "Type", ("Kind", "Category")),
        Column("area", "Area", ("PEEL area", "Theme", "PEEL area or theme")),
        Column("scope", "Scope", ("National local", "Local national", "Level")),
        Column("lead", "Lead", ("Owner", "Responsible")),
        Column("rag", "RAG", ("RAG status", "RAG rating")),
        Column("status", "Status"),
        Column("progress", "Update", ("Progress", "Progress update", "Current position")),
        Column("target_text", "Target date", ("Target", "Due date", "Due", "Timescale")),
        Column("deliverables", "Deliverables", ("Delivered by", "Linked deliverables")),
    ),
)

ACTIONS_LAYOUT = Layout(
    "actions",
    "an outstanding references table",
    (
        Column("number", "No.", ("No", "Number", "Ref", "Reference"), required=True),
        Column(
            "meeting",
            "Meeting Date & Reference",
            ("Meeting date reference", "Meeting", "Meeting date", "Meeting date and reference"),
            required=True,
        ),
        Column("action", "Action", ("Actions", "Action required"), required=True),
        Column("owner", "Owner", ("Lead", "Officer")),
        Column("status", "Status", ("Status update",), required=True),
        Column("due_text", "Due date", ("Due", "Target date", "Deadline")),
        Column("due_history", "Earlier due dates", ("Original due date", "Previous due dates")),
        Column("deliverables", "Deliverables", ("Linked deliverables",)),
        Column("findings", "Inspectorate items", ("Linked findings", "HMICFRS items")),
    ),
)

LAYOUTS = (FINDINGS_LAYOUT, ACTIONS_LAYOUT)

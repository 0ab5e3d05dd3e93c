"""What an incoming plan (tracker, plan JSON) would change: new, changed field by field, same;
and, word by word, what a changed value lost and gained."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from nhp_planner.model.entities import DELIVERABLE_FIELDS, Deliverable, Objective, PlanSnapshot


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field an import would change: its value in the plan and in the file."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class DeliverableChange:
    """An incoming deliverable matched to the plan's by ref, and the fields that differ."""

    existing: Deliverable
    incoming: Deliverable
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveChange:
    """An objective whose title an import would change."""

    existing: Objective
    incoming: Objective


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """The difference an import would make. Deliverables in the plan but not in the file stay."""

    new: tuple[Deliverable, ...] = ()
    changed: tuple[DeliverableChange, ...] = ()
    unchanged: tuple[Deliverable, ...] = ()
    new_objectives: tuple[Objective, ...] = ()
    changed_objectives: tuple[ObjectiveChange, ...] = ()
    not_in_source: tuple[Deliverable, ...] = ()
    #: Unchanged, but not yet updated this period: importing a return confirms them as updated.
    confirmed: tuple[Deliverable, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.new
            or self.changed
            or self.new_objectives
            or self.changed_objectives
            or self.confirmed
        )


def field_text(deliverable: Deliverable, name: str) -> str | None:
    """A deliverable field as the text the change history keeps."""
    value = getattr(deliverable, name)
    if name == "rag":
        rag_word: str | None = value.to_json()
        return rag_word
    return None if value is None else str(value)


def diff_deliverable(
    existing: Deliverable, incoming: Deliverable, fields: Iterable[str] = DELIVERABLE_FIELDS
) -> tuple[FieldChange, ...]:
    """The fields (of those given) whose values differ."""
    return tuple(
        FieldChange(name, field_text(existing, name), field_text(incoming, name))
        for name in fields
        if getattr(existing, name) != getattr(incoming, name)
    )


def diff_snapshots(
    existing: PlanSnapshot, incoming: PlanSnapshot, fields: Iterable[str] = DELIVERABLE_FIELDS
) -> PlanDiff:
    """Compare by ref; only ``fields`` the source actually carries are compared.

    A tracker with no Lead column must not blank every lead, so the importer
    passes only the fields it found. Incoming deliverables keep the plan's ids.
    """
    compared = tuple(f for f in DELIVERABLE_FIELDS if f in set(fields) and f != "ref")
    by_ref = {d.ref: d for d in existing.deliverables}
    new: list[Deliverable] = []
    changed: list[DeliverableChange] = []
    unchanged: list[Deliverable] = []
    for incoming_deliverable in incoming.deliverables:
        current = by_ref.get(incoming_deliverable.ref)
        if current is None:
            new.append(incoming_deliverable)
            continue
        merged = replace(
            current, **{name: getattr(incoming_deliverable, name) for name in compared}
        )
        changes = diff_deliverable(current, merged, compared)
        if changes:
            changed.append(DeliverableChange(current, merged, changes))
        else:
            unchanged.append(current)
    incoming_refs = {d.ref for d in incoming.deliverables}
    new_objectives: list[Objective] = []
    changed_objectives: list[ObjectiveChange] = []
    needed = {o.number: o for o in incoming.objectives}
    for number in {d.objective for d in new} - needed.keys():
        needed[number] = Objective(number)  # one per objective, not one (and a UUID) per row
    for number, objective in sorted(needed.items()):
        current_objective = existing.objective(number)
        if current_objective is None:
            new_objectives.append(objective)
        elif objective.title is not None and objective.title != current_objective.title:
            changed_objectives.append(
                ObjectiveChange(
                    current_objective, replace(current_objective, title=objective.title)
                )
            )
    return PlanDiff(
        new=tuple(new),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        new_objectives=tuple(new_objectives),
        changed_objectives=tuple(changed_objectives),
        not_in_source=tuple(d for d in existing.deliverables if d.ref not in incoming_refs),
    )


@dataclass(frozen=True, slots=True)
class WordRun:
    """A run of a value's text; ``changed`` if the other value lacks it (words removed from the
    old value, or added in the new one)."""

    text: str
    changed: bool


_WORD = re.compile(r"\S+")


def word_diff(old: str, new: str) -> tuple[tuple[WordRun, ...], tuple[WordRun, ...]]:
    """``old`` and ``new`` as runs of text, the words only one of them has marked changed.

    difflib compares the words alone, so spacing and line breaks are kept as written and
    never marked, and a value re-spaced changes no word. Each value's runs join to it whole.
    """
    from difflib import SequenceMatcher  # only the merge preview asks; edits import this module

    old_words, new_words = list(_WORD.finditer(old)), list(_WORD.finditer(new))
    matcher = SequenceMatcher(
        None, [w.group() for w in old_words], [w.group() for w in new_words], autojunk=False
    )
    old_runs: list[tuple[int, int, bool]] = []
    new_runs: list[tuple[int, int, bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 < i2:
            old_runs.append((i1, i2, tag != "equal"))
        if j1 < j2:
            new_runs.append((j1, j2, tag != "equal"))
    return _runs(old, old_words, old_runs), _runs(new, new_words, new_runs)


def _runs(
    text: str, words: Sequence[re.Match[str]], runs: Iterable[tuple[int, int, bool]]
) -> tuple[WordRun, ...]:
    """The text cut at the given runs of words; the space between runs is never changed."""
    pieces: list[WordRun] = []

    def add(piece: str, changed: bool) -> None:
        if pieces and pieces[-1].changed == changed:
            pieces[-1] = WordRun(pieces[-1].text + piece, changed)
        elif piece:
            pieces.append(WordRun(piece, changed))

    end = 0
    for first, last, changed in runs:
        start = words[first].start()
        add(text[end:start], False)
        end = words[last - 1].end()
        add(text[start:end], changed)
    add(text[end:], False)
    return tuple(pieces)

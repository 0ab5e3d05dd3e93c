"""Registers read from a file, with their links as the file names them, and applying them.

A file names a linked deliverable by its ref (and, from plan JSON, its id),
and a linked inspectorate item by its label ("AFI 1 (PEEL 2022)"). Links are
resolved against the plan when the registers are applied, after the file's
deliverables are in, so a link to a deliverable that is not in the plan is
refused with the place in the file that names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from nhp_planner.model.actions import CommitteeAction
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.findings import InspectorateItem
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.registers import words_key
from nhp_planner.model.store import PlanStore
from nhp_planner.model.store.register_edits import RegisterImport


@dataclass(frozen=True, slots=True)
class Link:
    """A link as a file gives it: a deliverable ref or an item's label, perhaps with its id."""

    name: str
    id: str | None = None
    #: Where the file gives it, for the sentence refusing it: "findings[2].deliverables[0]".
    where: str = ""


@dataclass(frozen=True, slots=True)
class RegisterSet:
    """The inspectorate items and committee actions a file holds, links still as named."""

    findings: tuple[InspectorateItem, ...] = ()
    actions: tuple[CommitteeAction, ...] = ()
    #: Deliverables linked, by the id of the item or action that links them.
    deliverable_links: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)
    #: Inspectorate items an action links, by the action's id.
    finding_links: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.findings or self.actions)


@dataclass(frozen=True, slots=True)
class RegistersApplied:
    """What applying a register set did (or would do)."""

    findings: RegisterImport[InspectorateItem]
    actions: RegisterImport[CommitteeAction]

    def describe(self) -> str:
        return (
            f"Inspectorate items: {self.findings.describe()}; "
            f"committee actions: {self.actions.describe()}."
        )


def apply_registers(
    store: PlanStore,
    registers: RegisterSet,
    period: ReportingPeriod | None = None,
    *,
    dry_run: bool = False,
    source: str = "the file",
) -> RegistersApplied:
    """Bring a register set into the plan, all in one transaction, links resolved.

    An item's links come from the file when it names some; otherwise the
    plan's links stay (see :meth:`RegisterEdits.import_items`).
    """
    if registers.is_empty:
        return RegistersApplied(RegisterImport(), RegisterImport())
    refs = {d.ref: d.id for d in store.deliverables(period, in_order=False)}
    deliverable_ids = set(refs.values())

    def deliverables_of(owner_id: str) -> tuple[str, ...]:
        return tuple(
            _resolve(link, refs, deliverable_ids, link.name, source, "deliverable")
            for link in registers.deliverable_links.get(owner_id, ())
        )

    findings = tuple(
        replace(item, deliverable_ids=deliverables_of(item.id)) for item in registers.findings
    )
    # A dry run writes nothing, so it needs no transaction (and works on a read-only plan).
    with nullcontext() if dry_run else store.transaction():
        found = store.findings.import_items(findings, period, dry_run=dry_run)
        # An action names an item by the id the file gave it or by its label; the
        # plan may know that item under another id (an import matches by reference).
        labels = {words_key(item.label): item.id for item in findings}
        labels.update({words_key(item.label): item.id for item in store.findings.items(period)})
        file_labels = {item.id: words_key(item.label) for item in findings}
        finding_ids = set(labels.values())

        def findings_of(action_id: str) -> tuple[str, ...]:
            return tuple(
                _resolve(
                    link,
                    labels,
                    finding_ids,
                    file_labels.get(link.id or "", words_key(link.name)),
                    source,
                    "inspectorate item",
                )
                for link in registers.finding_links.get(action_id, ())
            )

        actions = tuple(
            replace(a, deliverable_ids=deliverables_of(a.id), finding_ids=findings_of(a.id))
            for a in registers.actions
        )
        acted = store.actions.import_items(actions, period, dry_run=dry_run)
    return RegistersApplied(found, acted)


def _resolve(
    link: Link, by_name: Mapping[str, str], ids: set[str], name: str, source: str, noun: str
) -> str:
    """The id a link names: its own when the plan has it, else the one its name gives."""
    if link.id is not None and link.id in ids:
        return link.id
    found = by_name.get(name)
    if found is None:
        place = f" {link.where}:" if link.where else ""
        raise ImportFormatError(f"{source}:{place} the plan has no {noun} {link.name}.")
    return found

"""The registers in plan JSON: the top-level ``findings`` and ``actions`` keys.

Written beside the plan's own keys (which stay as they are), one object per
item in one period; links name the deliverable by ref and id, the item by
label and id, so a file edited by hand or brought into another plan still
says what it links. Reading checks every value and names the place of the
first one that is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from nhp_planner.io.registers.register_set import Link, RegisterSet
from nhp_planner.model.actions import CommitteeAction, parse_action_status
from nhp_planner.model.entities import id_or_new
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.findings import (
    InspectorateItem,
    parse_finding_status,
    parse_kind,
    parse_scope,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import parse_rag
from nhp_planner.model.store import PlanStore

KEYS = ("findings", "actions")


# ------------------------------------------------------------------- writing


def registers_json(store: PlanStore, period: ReportingPeriod | None = None) -> dict[str, Any]:
    """The ``findings`` and ``actions`` keys of a plan in one period."""
    refs = {d.id: d.ref for d in store.deliverables(period, in_order=False)}
    findings = store.findings.items(period)
    labels = {item.id: item.label for item in findings}

    def deliverables(ids: Sequence[str]) -> list[dict[str, str]]:
        return [{"ref": refs[i], "id": i} for i in ids if i in refs]

    return {
        "findings": [
            {
                "report": item.report,
                "ref": item.ref,
                "kind": item.kind.value,
                "scope": item.scope.value,
                "area": item.area,
                "text": item.text,
                "lead": item.lead,
                "rag": item.rag.to_json(),
                "status": item.status.value,
                "target_text": item.target_text,
                "target": item.target.to_json(),
                "progress": item.progress,
                "updated_at": item.updated_at,
                "deliverables": deliverables(item.deliverable_ids),
                "id": item.id,
            }
            for item in findings
        ],
        "actions": [
            {
                "number": action.number,
                "meeting": action.meeting,
                "action": action.action,
                "owner": action.owner,
                "status": action.status.value,
                "update": action.update,
                "due_text": action.due_text,
                "due_history": list(action.due_history),
                "due": action.due.to_json(),
                "updated_at": action.updated_at,
                "deliverables": deliverables(action.deliverable_ids),
                "findings": [
                    {"label": labels[i], "id": i} for i in action.finding_ids if i in labels
                ],
                "id": action.id,
            }
            for action in store.actions.items(period)
        ],
    }


# ------------------------------------------------------------------- reading


def read_registers(data: dict[str, Any], prefix: str, source: str) -> RegisterSet:
    """The registers of a plan JSON object (or of one of its ``history`` entries)."""
    reader = _Reader(source, prefix)
    findings: list[InspectorateItem] = []
    actions: list[CommitteeAction] = []
    deliverable_links: dict[str, tuple[Link, ...]] = {}
    finding_links: dict[str, tuple[Link, ...]] = {}
    for index, raw in enumerate(reader.list(data, "findings")):
        where = f"{prefix}findings[{index}]"
        item = reader.finding(raw, where)
        findings.append(item)
        deliverable_links[item.id] = reader.links(raw, where, "deliverables", "ref")
    for index, raw in enumerate(reader.list(data, "actions")):
        where = f"{prefix}actions[{index}]"
        action = reader.action(raw, where)
        actions.append(action)
        deliverable_links[action.id] = reader.links(raw, where, "deliverables", "ref")
        finding_links[action.id] = reader.links(raw, where, "findings", "label")
    return RegisterSet(tuple(findings), tuple(actions), deliverable_links, finding_links)


class _Reader:
    def __init__(self, source: str, prefix: str) -> None:
        self.source = source
        self.prefix = prefix

    def fail(self, where: str, problem: str) -> NoReturn:
        raise ImportFormatError(f"{self.source}: {where}: {problem}.")

    def list(self, data: dict[str, Any], key: str, where: str = "") -> Sequence[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{where or self.prefix}{key}", "must be a list")
        return value

    def object(self, raw: Any, where: str, what: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.fail(where, f"must be an object with {what}")
        return raw

    def text(self, data: dict[str, Any], where: str, key: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (required and isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{where}.{key}", "missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"{where}.{key}", f"must be text, not {type(value).__name__}")
        return str(value)

    def word(self, data: dict[str, Any], where: str, key: str, parse: Any, what: str) -> Any:
        text = self.text(data, where, key)
        value = parse(text)
        if value is None:
            self.fail(f"{where}.{key}", f"'{text}' is not {what}")
        return value

    def finding(self, raw: Any, where: str) -> InspectorateItem:
        data = self.object(raw, where, "'report', 'ref' and 'text'")
        here = f"{where} ({self.text(data, where, 'ref', required=True)})"
        return InspectorateItem(
            report=self.text(data, here, "report"),
            ref=self.text(data, here, "ref", required=True),
            text=self.text(data, here, "text", required=True),
            kind=self.word(data, here, "kind", parse_kind, "a kind of finding"),
            scope=self.word(data, here, "scope", parse_scope, "local, regional or national"),
            area=self.text(data, here, "area"),
            lead=self.text(data, here, "lead") or None,
            rag=self.word(
                data, here, "rag", parse_rag, "a RAG rating (GREEN, AMBER, RED or blank)"
            ),
            status=self.word(
                data, here, "status", parse_finding_status, "open, closed or awaiting sign-off"
            ),
            target_text=self.text(data, here, "target_text"),
            progress=self.text(data, here, "progress"),
            updated_at=self.text(data, here, "updated_at") or None,
            id=id_or_new(data.get("id")),
        )

    def action(self, raw: Any, where: str) -> CommitteeAction:
        data = self.object(raw, where, "'number' and 'action'")
        here = f"{where} ({self.text(data, where, 'number', required=True)})"
        history = data.get("due_history") or []
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            self.fail(f"{here}.due_history", "must be a list of the earlier due dates as text")
        return CommitteeAction(
            number=self.text(data, here, "number", required=True),
            action=self.text(data, here, "action", required=True),
            meeting=self.text(data, here, "meeting"),
            owner=self.text(data, here, "owner") or None,
            status=self.word(
                data, here, "status", parse_action_status, "a status (In progress, Complete...)"
            ),
            update=self.text(data, here, "update"),
            due_text=self.text(data, here, "due_text"),
            due_history=tuple(history),
            updated_at=self.text(data, here, "updated_at") or None,
            id=id_or_new(data.get("id")),
        )

    def links(self, data: dict[str, Any], where: str, key: str, name: str) -> tuple[Link, ...]:
        links = []
        for index, raw in enumerate(self.list(data, key, f"{where}.")):
            here = f"{where}.{key}[{index}]"
            if isinstance(raw, str):
                links.append(Link(raw, None, here))
                continue
            entry = self.object(raw, here, f"'{name}' and 'id'")
            link_id = entry.get("id")
            links.append(
                Link(
                    self.text(entry, here, name, required=True),
                    link_id if isinstance(link_id, str) else None,
                    here,
                )
            )
        return tuple(links)

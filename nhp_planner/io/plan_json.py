"""Plan JSON, the interchange format: the schema of the January 2024 fixture, plus extra fields.

Extra fields may be added, never renamed: ``lead``, ``id``, ``updated_at``
(when the deliverable was last updated in the period; null: not yet), a
structured ``date`` (derived, ignored on reading), plan ``force``/``owner``,
and ``history`` (earlier periods, oldest first) when asked for; the registers
around the plan as the top-level ``findings`` and ``actions`` keys (see
``io/registers/plan_json.py``).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from nhp_planner.io.registers.plan_json import read_registers, registers_json
from nhp_planner.io.registers.register_set import RegisterSet, apply_registers
from nhp_planner.model.entities import (
    DELIVERABLE_FIELDS,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
    id_or_new,
)
from nhp_planner.model.errors import ImportFormatError, NhpError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import RagKey, parse_rag
from nhp_planner.model.refs import normalise_ref, objective_number
from nhp_planner.model.store import PlanStore

if TYPE_CHECKING:
    from nhp_planner.model.diff import PlanDiff


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """A plan JSON file as read: the plan in its period, earlier periods, the fields it carries."""

    snapshot: PlanSnapshot
    fields: frozenset[str]
    history: tuple[PlanSnapshot, ...] = field(default=())
    #: The registers of the document's period, and of each ``history`` period in order.
    registers: RegisterSet = field(default=RegisterSet())
    history_registers: tuple[RegisterSet, ...] = field(default=())


# ------------------------------------------------------------------- writing


def snapshot_to_json(snapshot: PlanSnapshot) -> dict[str, Any]:
    """The plan JSON object of a plan in one period."""
    plan = snapshot.plan
    header: dict[str, Any] = {
        "title": plan.title,
        "period": snapshot.period.key if snapshot.period else None,
        "rag_key": plan.rag_key.to_json(),
        "force": plan.force,
        "owner": plan.owner,
        "id": plan.id,
    }
    return {"plan": header, **_period_json(snapshot)}


def _period_json(snapshot: PlanSnapshot) -> dict[str, Any]:
    return {
        "objectives": [
            {"number": o.number, "title": o.title, "id": o.id} for o in snapshot.objectives
        ],
        "deliverables": [
            {
                "ref": d.ref,
                "objective": d.objective,
                "commitment": d.commitment,
                "summary_position": d.summary_position,
                "rag": d.rag.to_json(),
                "date_text": d.date_text,
                "lead": d.lead,
                "updated_at": d.updated_at,
                "date": d.date.to_json(),
                "id": d.id,
            }
            for d in snapshot.deliverables
        ],
    }


def dump_store(
    store: PlanStore, period: ReportingPeriod | None = None, *, history: bool = False
) -> str:
    """The plan JSON text of a plan file (a period; optionally every earlier one too)."""
    snapshot = store.snapshot(period)
    data = snapshot_to_json(snapshot)
    if history and snapshot.period is not None:
        data["history"] = [
            {"period": p.key, **_period_json(store.snapshot(p)), **registers_json(store, p)}
            for p in store.periods()
            if p < snapshot.period
        ]
    data.update(registers_json(store, snapshot.period))
    return dumps_plan_json(data)


def dumps_plan_json(data: dict[str, Any]) -> str:
    """Plan JSON text with one object or deliverable per line.

    Readable and diff-friendly like an indented dump, but written by the C
    encoder: ``indent=`` falls back to the pure-Python one, 5x slower on
    10,000 deliverables.
    """

    def block(value: Any, indent: str, in_list: bool) -> str:
        if isinstance(value, list) and value:
            inner = ",\n".join(indent + "  " + block(item, indent + "  ", True) for item in value)
            return "[\n" + inner + "\n" + indent + "]"
        if isinstance(value, dict) and value and not in_list and len(indent) <= 2:
            inner = ",\n".join(
                f"{indent}  {json.dumps(k)}: {block(v, indent + '  ', False)}"
                for k, v in value.items()
            )
            return "{\n" + inner + "\n" + indent + "}"
        return json.dumps(value, ensure_ascii=False)

    return block(data, "", False) + "\n"


# ------------------------------------------------------------------- reading


#: The largest plan JSON read: 25 times the size of a 10,000-deliverable plan with history.
MAX_JSON_BYTES = 256 * 1024 * 1024
#: The largest objective number: refs are "1.4", not "12345678.4".
MAX_OBJECTIVE = 999_999


def read_plan_json(path: str | os.PathLike[str]) -> PlanDocument:
    """Read and check a plan JSON file; a problem is one sentence naming the place in the file."""
    source = Path(path)
    try:
        status = source.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ImportFormatError(
                f"{source}: is not an ordinary file (a folder, a device or a pipe), "
                "so it is not plan JSON."
            )
        if status.st_size > MAX_JSON_BYTES:
            raise ImportFormatError(
                f"{source}: is {status.st_size / 2**20:,.0f} MB, more than the "
                f"{MAX_JSON_BYTES // 2**20} MB a plan JSON file may be, so it was not read."
            )
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFormatError(f"{source}: no such file.") from None
    except UnicodeDecodeError:
        raise ImportFormatError(f"{source}: is not UTF-8 text, so it is not plan JSON.") from None
    except OSError as error:
        raise ImportFormatError(f"{source}: cannot be read ({error.strerror}).") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"{source}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise ImportFormatError(
            f"{source}: nests lists or objects too deeply to be plan JSON."
        ) from None
    except ValueError as error:  # an integer of thousands of digits
        raise ImportFormatError(f"{source}: is not plan JSON ({error}).") from None
    return parse_plan_json(data, str(source))


def parse_plan_json(data: Any, source: str = "plan JSON") -> PlanDocument:
    """Check a decoded plan JSON object and turn it into domain objects."""
    reader = _Reader(source)
    if not isinstance(data, dict):
        reader.fail("", "the file must hold a JSON object with 'plan' and 'deliverables'")
    plan_data = reader.object(data, "plan")
    title = reader.text(plan_data, "plan.title", required=True)
    rag_key_data = plan_data.get("rag_key") or {}
    if not isinstance(rag_key_data, dict):
        reader.fail("plan.rag_key", "must be an object with GREEN, AMBER and RED")
    default_key = RagKey()
    rag_key = RagKey(
        green=reader.text(rag_key_data, "plan.rag_key.GREEN") or default_key.green,
        amber=reader.text(rag_key_data, "plan.rag_key.AMBER") or default_key.amber,
        red=reader.text(rag_key_data, "plan.rag_key.RED") or default_key.red,
    )
    plan_id = plan_data.get("id")
    plan = Plan(
        title=str(title),
        rag_key=rag_key,
        force=reader.text(plan_data, "plan.force"),
        owner=reader.text(plan_data, "plan.owner"),
        id=id_or_new(plan_id),
    )
    period = reader.period(plan_data.get("period"), "plan.period")
    snapshot, fields = reader.period_content(data, "", plan, period)
    history = []
    history_registers = []
    raw_history = data.get("history") or []
    if not isinstance(raw_history, list):
        reader.fail("history", "must be a list of earlier periods")
    for index, entry in enumerate(raw_history):
        where = f"history[{index}]"
        if not isinstance(entry, dict):
            reader.fail(where, "must be an object with 'period' and 'deliverables'")
        earlier = reader.period(entry.get("period"), f"{where}.period")
        if earlier is None:
            reader.fail(f"{where}.period", "missing")
        history.append(reader.period_content(entry, f"{where}.", plan, earlier)[0])
        history_registers.append((earlier, read_registers(entry, f"{where}.", source)))
    order = sorted(range(len(history)), key=lambda i: history[i].period or "")
    return PlanDocument(
        snapshot,
        fields,
        tuple(history[i] for i in order),
        read_registers(data, "", source),
        tuple(history_registers[i][1] for i in order),
    )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> NoReturn:
        place = f" {where}:" if where else ""
        raise ImportFormatError(f"{self.source}:{place} {problem}.")

    def object(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "missing, or not an object")
        return value

    def text(self, data: dict[str, Any], where: str, *, required: bool = False) -> str | None:
        value = data.get(where.rsplit(".", 1)[-1])
        if value is None or (isinstance(value, str) and not value.strip() and required):
            if required:
                self.fail(where, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(where, f"must be text, not {type(value).__name__}")
        text = str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            self.fail(
                where,
                f"holds \\u{ord(text[error.start]):04x} at character {error.start + 1}, "
                "half of a character pair, which is not valid Unicode text",
            )
        return text

    def number(self, value: Any, where: str, what: str) -> int:
        """A whole number from 0 to MAX_OBJECTIVE, or one sentence saying what it is instead."""
        if value is None:
            self.fail(where, f"missing (it must be {what} from 0 to {MAX_OBJECTIVE:,})")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OBJECTIVE:
            shown = json.dumps(value) if not isinstance(value, int) else str(value)
            if len(shown) > 40:
                shown = shown[:39] + "…"
            self.fail(where, f"must be {what} from 0 to {MAX_OBJECTIVE:,}, not {shown}")
        return value

    def period(self, value: Any, where: str) -> ReportingPeriod | None:
        if value is None:
            return None
        try:
            return ReportingPeriod.parse(str(value))
        except NhpError:
            return self.fail(
                where, f"'{value}' is not a reporting period (expected YYYY-MM, e.g. 2024-01)"
            )

    def period_content(
        self, data: dict[str, Any], prefix: str, plan: Plan, period: ReportingPeriod | None
    ) -> tuple[PlanSnapshot, frozenset[str]]:
        objectives = [
            self.objective(o, f"{prefix}objectives[{i}]")
            for i, o in enumerate(self.list(data, prefix, "objectives"))
        ]
        numbers = [o.number for o in objectives]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            self.fail(f"{prefix}objectives", f"objective {duplicates[0]} appears twice")
        raw = self.list(data, prefix, "deliverables", required=True)
        deliverables: list[Deliverable] = []
        seen: dict[str, int] = {}
        present: set[str] = {"ref", "objective"}
        for index, item in enumerate(raw):
            deliverable = self.deliverable(item, f"{prefix}deliverables[{index}]")
            if deliverable.ref in seen:
                self.fail(
                    f"{prefix}deliverables[{index}].ref",
                    f"{deliverable.ref} already appears at deliverables[{seen[deliverable.ref]}]",
                )
            seen[deliverable.ref] = index
            present.update(k for k in item if k in (*DELIVERABLE_FIELDS, "updated_at"))
            deliverables.append(deliverable)
        snapshot = PlanSnapshot(plan, period, tuple(objectives), tuple(deliverables))
        return snapshot, frozenset(present)

    def list(
        self, data: dict[str, Any], prefix: str, key: str, *, required: bool = False
    ) -> Sequence[Any]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.fail(f"{prefix}{key}", "missing, or not a list")
        return value

    def objective(self, item: Any, where: str) -> Objective:
        if not isinstance(item, dict):
            self.fail(where, "must be an object with 'number' and 'title'")
        number = self.number(item.get("number"), f"{where}.number", "a whole number")
        title = self.text(item, f"{where}.title")
        object_id = item.get("id")
        return Objective(number, title, id_or_new(object_id))

    def deliverable(self, item: Any, where: str) -> Deliverable:
        if not isinstance(item, dict):
            self.fail(where, "must be an object with 'ref', 'commitment', 'rag'...")
        raw_ref = self.text(item, f"{where}.ref", required=True)
        ref = normalise_ref(str(raw_ref))
        if ref is None:
            self.fail(
                f"{where}.ref", f"'{raw_ref}' is not a deliverable reference (expected e.g. 1.4)"
            )
        here = f"{where} ({ref})"
        number = self.number(
            item.get("objective", objective_number(ref)), f"{here}.objective", "an objective number"
        )
        rag_text = self.text(item, f"{here}.rag")
        rag = parse_rag(rag_text)
        if rag is None:
            self.fail(
                f"{here}.rag", f"'{rag_text}' is not a RAG rating (GREEN, AMBER, RED or blank)"
            )
        deliverable_id = item.get("id")
        return Deliverable(
            ref=ref,
            objective=number,
            commitment=self.text(item, f"{here}.commitment") or "",
            summary_position=self.text(item, f"{here}.summary_position") or "",
            rag=rag,
            date_text=self.text(item, f"{here}.date_text") or "",
            lead=self.text(item, f"{here}.lead") or None,
            updated_at=self.text(item, f"{here}.updated_at"),
            id=id_or_new(deliverable_id),
        )


# ----------------------------------------------------------------- importing


def import_document(
    store: PlanStore,
    document: PlanDocument,
    *,
    period: ReportingPeriod | None = None,
    dry_run: bool = False,
) -> PlanDiff:
    """Bring a plan JSON document into a plan, earlier periods first, all in one transaction.

    ``period`` overrides the document's own period for its main content.
    """
    if dry_run:
        return store.import_snapshot(
            document.snapshot, fields=document.fields, period=period, dry_run=dry_run
        )
    with store.transaction():
        # A tracker's earlier months come with no registers (only plan JSON has them).
        registers = (*document.history_registers, *[RegisterSet()] * len(document.history))
        for earlier, earlier_registers in zip(document.history, registers, strict=False):
            store.import_snapshot(earlier, fields=document.fields)
            apply_registers(store, earlier_registers, earlier.period)
        diff = store.import_snapshot(document.snapshot, fields=document.fields, period=period)
        apply_registers(store, document.registers, period or document.snapshot.period)
        return diff


def new_plan_from_document(
    path: str | os.PathLike[str] | None, document: PlanDocument, *, user: str | None = None
) -> PlanStore:
    """A new plan file (or an in-memory plan when ``path`` is None) holding the document.

    The file appears only once the whole document is in it.
    """
    plan = document.snapshot.plan
    if path is None:
        store = PlanStore.in_memory(plan, user=user)
        import_document(store, document)
        return store
    return PlanStore.create(
        path, plan, user=user, populate=lambda new: import_document(new, document)
    )

"""A performance measure's rows in the change history's terms: what merging copies reads and writes.

A measure's fields as its history names them (``value Q3 2023/24``), set one by
one from another copy's records. Free of the measures model (and its SPC), so a
merge or a conflict loads it only where a measure is in the records.
"""

from __future__ import annotations

from nhp_planner.model.store.connection import HistoryWriter, PlanDatabase

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

ENTITY = "measure"
#: The fields of a measure a person may change after adding it (frequency only while it has
#: no values or narratives: they belong to periods of that frequency).
EDITABLE = (
    "name",
    "definition",
    "unit",
    "polarity",
    "target",
    "lead",
    "method",
    "baseline_first",
    "change_points",
    "deliverable_ids",
    "objective_ids",
    "frequency",
)


def fold_name(name: str) -> str:
    """A measure's name as two names are compared: case and spacing aside."""
    return " ".join(name.split()).casefold()


def value_text(value: float | None) -> str | None:
    """A value as the history keeps it: "413", "21.5"."""
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def history_text(row: dict[str, Any], name: str) -> str | None:
    """A field of a ``measures`` row as the history writes it."""
    value = row[name]
    if value is None:
        return None
    return value_text(value) if isinstance(value, float) else str(value)


_SERIES = ("value", "reasons", "response")


def measure_fields(db: PlanDatabase, measure_id: str) -> dict[str, str | None] | None:
    """A measure's fields as its change history writes them, None if the plan lacks it.

    Every period the history ever named is a field ("value Q3 2023/24"), None
    when it has no value now, so a value cleared in one copy is cleared by a merge.
    """
    found = list(db.query("select * from measures where id = ?", [measure_id]))
    if not found:
        return None
    row = found[0]
    fields: dict[str, str | None] = {name: history_text(row, name) for name in EDITABLE}
    for (name,) in db.execute(
        "select distinct field from changes where entity_id = ? and "
        "(field like 'value %' or field like 'reasons %' or field like 'response %')",
        [measure_id],
    ).fetchall():
        fields[name] = None
    for period, value in db.execute(
        "select period, value from measure_values where measure_id = ?", [measure_id]
    ).fetchall():
        fields[f"value {period}"] = value_text(value)
    for period, reasons, response in db.execute(
        "select period, reasons, response from measure_narratives where measure_id = ?",
        [measure_id],
    ).fetchall():
        fields[f"reasons {period}"] = reasons or None
        fields[f"response {period}"] = response or None
    return fields


def apply_measure_field(
    write: HistoryWriter, measure_id: str, name: str, value: str | None
) -> str | None:
    """Set one field of a measure from its history text; returns why not when it cannot land."""
    kind, _, period = name.partition(" ")
    if kind in _SERIES and period:
        if kind == "value":
            if value is None:
                write.db.execute(
                    "delete from measure_values where measure_id = ? and period = ?",
                    [measure_id, period],
                )
            else:
                write.db.table("measure_values").upsert(
                    {"measure_id": measure_id, "period": period, "value": float(value)},
                    pk=("measure_id", "period"),
                )
            return None
        current = list(
            write.db.query(
                "select reasons, response from measure_narratives "
                "where measure_id = ? and period = ?",
                [measure_id, period],
            )
        )
        story = {"reasons": "", "response": "", **(current[0] if current else {})}
        story[kind] = value or ""
        write.db.table("measure_narratives").upsert(
            {"measure_id": measure_id, "period": period, **story}, pk=("measure_id", "period")
        )
        return None
    if name not in EDITABLE:
        return None
    if name == "name" and value is not None:
        others = write.db.execute(
            "select name from measures where id != ?", [measure_id]
        ).fetchall()
        if any(fold_name(other) == fold_name(value) for (other,) in others):
            return f"another measure is already called '{value}'"
    stored: Any = value
    if value is not None and name == "target":
        stored = float(value)
    elif value is not None and name == "baseline_first":
        stored = int(value)
    write.db.table("measures").update(measure_id, {name: stored})
    return None


def insert_measure(
    write: HistoryWriter, measure_id: str, fields: dict[str, str | None]
) -> str | None:
    """Add a measure another copy added, from its fields; returns why not on a name clash."""
    from nhp_planner.model.spc import LimitMethod

    name = fields.get("name") or ""
    if any(
        fold_name(other) == fold_name(name)
        for (other,) in write.db.execute("select name from measures").fetchall()
    ):
        return f"both copies added a measure '{name}'"
    position = write.db.execute("select coalesce(max(position), 0) + 1 from measures").fetchone()[0]
    defaults = {
        "unit": "count",
        "polarity": "neither",
        "frequency": "monthly",
        "method": LimitMethod.STANDARD_DEVIATION.value,
    }
    row: dict[str, Any] = {"id": measure_id, "position": position}
    for field in EDITABLE:
        row[field] = fields.get(field) if fields.get(field) is not None else defaults.get(field)
    row["target"] = float(row["target"]) if row["target"] is not None else None
    row["baseline_first"] = (
        int(row["baseline_first"]) if row["baseline_first"] is not None else None
    )
    for field in ("change_points", "deliverable_ids", "objective_ids"):
        row[field] = row[field] or "[]"
    write.db.table("measures").insert(row)
    for field, value in fields.items():
        if field.partition(" ")[0] in _SERIES and value is not None:
            apply_measure_field(write, measure_id, field, value)
    return None


def delete_measure_rows(write: HistoryWriter, measure_id: str) -> None:
    """Remove a measure with its values and narratives (the caller records why)."""
    for table in ("measure_values", "measure_narratives"):
        write.db.execute(f"delete from {table} where measure_id = ?", [measure_id])
    write.db.execute("delete from measures where id = ?", [measure_id])

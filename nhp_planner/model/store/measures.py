"""Performance measures in the plan file: their settings, values and narratives, with history.

Every write goes through the connection's :class:`HistoryWriter` in one
transaction. The history names a value by its period ("value Q3 2023/24"), so
every figure anyone typed or imported is kept, as deliverables' text is.
Measure periods (months, financial quarters) are the measure's own, apart from
the plan's reporting months; a pack as at a date reads only those ended by then.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from nhp_planner.model.errors import ValidationError
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative, Unit
from nhp_planner.model.spc import LimitMethod, Polarity
from nhp_planner.model.store.connection import (
    HistoryWriter,
    PlanConnection,
    PlanDatabase,
    reports_damage,
)

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


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def value_text(value: float | None) -> str | None:
    """A value as the history keeps it: "413", "21.5"."""
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def _row(measure: Measure, position: int) -> dict[str, Any]:
    return {
        "id": measure.id,
        "position": position,
        "name": measure.name,
        "definition": measure.definition,
        "unit": measure.unit.value,
        "polarity": measure.polarity.value,
        "target": measure.target,
        "frequency": measure.frequency.value,
        "lead": measure.lead,
        "method": measure.method.value,
        "baseline_first": measure.baseline_first,
        "change_points": json.dumps([p.key for p in measure.change_points]),
        "deliverable_ids": json.dumps(list(measure.deliverable_ids)),
        "objective_ids": json.dumps(list(measure.objective_ids)),
    }


def _history_text(row: dict[str, Any], name: str) -> str | None:
    value = row[name]
    if value is None:
        return None
    return value_text(value) if isinstance(value, float) else str(value)


class MeasureRecords:
    """Reading and writing the plan's performance measures."""

    def __init__(self, conn: PlanConnection) -> None:
        self._conn = conn

    # ------------------------------------------------------------------ reads

    @reports_damage
    def measures(self) -> list[Measure]:
        """Every measure with its values and narratives, in the plan's order."""
        db = self._conn.db
        values: dict[str, dict[str, float]] = {}
        for measure_id, period, value in db.execute(
            "select measure_id, period, value from measure_values"
        ).fetchall():
            values.setdefault(measure_id, {})[period] = value
        stories: dict[str, dict[str, Narrative]] = {}
        for measure_id, period, reasons, response in db.execute(
            "select measure_id, period, reasons, response from measure_narratives"
        ).fetchall():
            stories.setdefault(measure_id, {})[period] = Narrative(reasons or "", response or "")
        return [
            _measure(row, values.get(row["id"], {}), stories.get(row["id"], {}))
            for row in db.query("select * from measures order by position, name")
        ]

    def measure(self, measure_id: str) -> Measure:
        found = next((m for m in self.measures() if m.id == measure_id), None)
        if found is None:
            raise ValidationError(f"The plan has no measure with id {measure_id}.")
        return found

    def find_measure(self, name: str) -> Measure:
        """The measure of that name (ignoring case and spacing); the message lists the names."""
        measures = self.measures()
        found = next((m for m in measures if _fold(m.name) == _fold(name)), None)
        if found is None:
            names = ", ".join(f"'{m.name}'" for m in measures) or "none yet"
            raise ValidationError(f"The plan has no measure '{name}' (its measures: {names}).")
        return found

    # ----------------------------------------------------------------- writes

    def add_measure(self, measure: Measure) -> Measure:
        """Add a measure with its values and narratives, after the others."""
        with self._conn.writing() as write:
            self._add(write, measure)
        return measure

    def _add(self, write: HistoryWriter, measure: Measure) -> None:
        if any(_fold(m.name) == _fold(measure.name) for m in self.measures()):
            raise ValidationError(f"The plan already has a measure '{measure.name}'.")
        position = int(
            self._conn.one("select coalesce(max(position), 0) + 1 as next from measures")["next"]
        )
        row = _row(measure, position)
        write.db.table("measures").insert(row)
        write.record(ENTITY, measure.id, "created", None, measure.name)
        for name in EDITABLE:
            if name != "name" and row[name] not in (None, "", "[]"):
                write.record(ENTITY, measure.id, name, None, _history_text(row, name))
        self._write_series(write, measure, Measure(measure.name, measure.frequency, id=measure.id))

    def update_measure(self, measure_id: str, **fields: Any) -> Measure:
        """Change a measure's settings (see ``EDITABLE``); each change is recorded."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValidationError(f"A measure has no field {', '.join(sorted(unknown))}.")
        current = self.measure(measure_id)
        new_frequency = fields.get("frequency", current.frequency)
        if new_frequency is not current.frequency and (current.values or current.narratives):
            raise ValidationError(
                f"Measure '{current.name}' has {current.frequency.value} values, so its "
                "frequency cannot change; add a new measure instead."
            )
        new_name = fields.get("name", current.name)
        if _fold(new_name) != _fold(current.name) and any(
            _fold(m.name) == _fold(new_name) for m in self.measures()
        ):
            raise ValidationError(f"The plan already has a measure '{new_name}'.")
        updated = replace(current, **fields)
        before, after = _row(current, 0), _row(updated, 0)
        with self._conn.writing() as write:
            changed = {n: after[n] for n in EDITABLE if before[n] != after[n]}
            if changed:
                write.db.table("measures").update(measure_id, changed)
            for name in changed:
                write.record(
                    ENTITY,
                    measure_id,
                    name,
                    _history_text(before, name),
                    _history_text(after, name),
                )
        return updated

    def delete_measure(self, measure_id: str) -> Measure:
        """Remove a measure and its values; the history keeps the whole of it as JSON."""
        measure = self.measure(measure_id)
        with self._conn.writing() as write:
            for table in ("measure_values", "measure_narratives"):
                write.db.execute(f"delete from {table} where measure_id = ?", [measure_id])
            write.db.table("measures").delete(measure_id)
            write.record(ENTITY, measure_id, "deleted", _measure_json(measure), None)
        return measure

    def set_value(self, measure_id: str, period: MeasurePeriod, value: float | None) -> Measure:
        """Set (or, with None, clear) one period's value."""
        current = self.measure(measure_id)
        values = dict(current.values)
        if value is None:
            values.pop(period, None)
        else:
            values[period] = value
        return self.save_measures([replace(current, values=values)])[0]

    def set_narrative(
        self,
        measure_id: str,
        period: MeasurePeriod,
        *,
        reasons: str | None = None,
        response: str | None = None,
    ) -> Measure:
        """Set one period's Reasons and/or Response (None leaves that part as it is)."""
        current = self.measure(measure_id)
        old = current.narratives.get(period, Narrative())
        new = Narrative(
            old.reasons if reasons is None else reasons,
            old.response if response is None else response,
        )
        stories = dict(current.narratives)
        stories[period] = new
        return self.save_measures([replace(current, narratives=stories)])[0]

    def save_measures(self, measures: Sequence[Measure]) -> list[Measure]:
        """Write measures as given, all in one transaction: new ones are added, known ones
        get their changed values and narratives (an import preview's ``measures``)."""
        known = {m.id: m for m in self.measures()}
        with self._conn.writing() as write:
            for measure in measures:
                before = known.get(measure.id)
                if before is None:
                    self._add(write, measure)
                else:
                    if before.frequency is not measure.frequency:
                        raise ValidationError(
                            f"Measure '{before.name}' is {before.frequency.value}; its values "
                            f"cannot be {measure.frequency.value}."
                        )
                    self._write_series(write, measure, before)
        return list(measures)

    def _write_series(self, write: HistoryWriter, measure: Measure, before: Measure) -> None:
        """Write the values and narratives that differ from ``before``, with their history."""
        mid = measure.id
        value_rows, gone = [], []
        for period in sorted({*measure.values, *before.values}):
            new, old = measure.values.get(period), before.values.get(period)
            if new == old:
                continue
            write.record(ENTITY, mid, f"value {period.key}", value_text(old), value_text(new))
            if new is None:
                gone.append([mid, period.key])
            else:
                value_rows.append({"measure_id": mid, "period": period.key, "value": new})
        if gone:
            write.db.conn.executemany(
                "delete from measure_values where measure_id = ? and period = ?", gone
            )
        write.db.table("measure_values").upsert_all(value_rows, pk=("measure_id", "period"))
        story_rows = []
        for period in sorted({*measure.narratives, *before.narratives}):
            new_story = measure.narratives.get(period, Narrative())
            old_story = before.narratives.get(period, Narrative())
            if new_story == old_story:
                continue
            for part in ("reasons", "response"):
                old_text, new_text = getattr(old_story, part), getattr(new_story, part)
                if old_text != new_text:
                    write.record(ENTITY, mid, f"{part} {period.key}", old_text or None, new_text)
            story_rows.append(
                {
                    "measure_id": mid,
                    "period": period.key,
                    "reasons": new_story.reasons,
                    "response": new_story.response,
                }
            )
        write.db.table("measure_narratives").upsert_all(story_rows, pk=("measure_id", "period"))


def _measure(
    row: dict[str, Any], values: dict[str, float], stories: dict[str, Narrative]
) -> Measure:
    frequency = Frequency(row["frequency"])

    def period(key: str) -> MeasurePeriod:
        return MeasurePeriod.parse(key, frequency)

    return Measure(
        name=row["name"],
        frequency=frequency,
        definition=row["definition"] or "",
        unit=Unit(row["unit"]),
        polarity=Polarity(row["polarity"]),
        target=row["target"],
        lead=row["lead"],
        deliverable_ids=tuple(json.loads(row["deliverable_ids"] or "[]")),
        objective_ids=tuple(json.loads(row["objective_ids"] or "[]")),
        method=LimitMethod(row["method"]),
        baseline_first=row["baseline_first"],
        change_points=tuple(period(k) for k in json.loads(row["change_points"] or "[]")),
        values={period(k): v for k, v in values.items()},
        narratives={period(k): s for k, s in stories.items()},
        id=row["id"],
    )


def _measure_json(measure: Measure) -> str:
    data = _row(measure, 0)
    del data["position"]
    data["values"] = {p.key: v for p, v in sorted(measure.values.items())}
    data["narratives"] = {
        p.key: {"reasons": s.reasons, "response": s.response}
        for p, s in sorted(measure.narratives.items())
    }
    return json.dumps(data, ensure_ascii=False)


# ------------------------------------------------ merging copies (the change history's terms)

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
    fields: dict[str, str | None] = {name: _history_text(row, name) for name in EDITABLE}
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
        if any(_fold(other) == _fold(value) for (other,) in others):
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
    name = fields.get("name") or ""
    if any(
        _fold(other) == _fold(name)
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

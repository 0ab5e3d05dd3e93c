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
from nhp_planner.model.store.connection import HistoryWriter, PlanConnection, reports_damage
from nhp_planner.model.store.measure_rows import (
    EDITABLE,
    ENTITY,
    fold_name,
    history_text,
    value_text,
)


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
        found = next((m for m in measures if fold_name(m.name) == fold_name(name)), None)
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
        if any(fold_name(m.name) == fold_name(measure.name) for m in self.measures()):
            raise ValidationError(f"The plan already has a measure '{measure.name}'.")
        position = int(
            self._conn.one("select coalesce(max(position), 0) + 1 as next from measures")["next"]
        )
        row = _row(measure, position)
        write.db.table("measures").insert(row)
        write.record(ENTITY, measure.id, "created", None, measure.name)
        for name in EDITABLE:
            if name != "name" and row[name] not in (None, "", "[]"):
                write.record(ENTITY, measure.id, name, None, history_text(row, name))
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
        if fold_name(new_name) != fold_name(current.name) and any(
            fold_name(m.name) == fold_name(new_name) for m in self.measures()
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
                    history_text(before, name),
                    history_text(after, name),
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

"""Measures in the plan file: kept across opening, every edit in the history, all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import PlanLockedError, ValidationError
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative, Unit
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.spc import LimitMethod, Polarity
from nhp_planner.model.store import PlanStore

Q = MeasurePeriod.quarter


def crime() -> Measure:
    return Measure(
        "Reduce Neighbourhood Crime",
        Frequency.QUARTERLY,
        definition="National definition: burglary residential, robbery personal, ...",
        polarity=Polarity.LOWER_IS_BETTER,
        target=400.0,
        lead="Supt NHP",
        deliverable_ids=("d-1",),
        method=LimitMethod.MOVING_RANGE,
        baseline_first=8,
        change_points=(Q(2022, 4),),
        values={Q(2022, 4): 413.0, Q(2023, 1): 428.0, Q(2023, 2): 371.0, Q(2023, 3): 409.0},
        narratives={Q(2023, 3): Narrative("Up 9% (+38).", "Cycle Team.\nSafer Business week.")},
    )


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.nhp"
    PlanStore.create(path, Plan("NHP plan"), period=ReportingPeriod(2024, 1), user="tester").close()
    return path


def test_a_measure_is_kept_whole_in_the_plan_file(plan_path: Path) -> None:
    original = crime()
    with PlanStore.open(plan_path, user="tester") as store:
        store.add_measure(original)
    with PlanStore.open(plan_path, read_only=True) as store:
        [back] = store.measures()
    assert back == original
    assert back.values[Q(2023, 2)] == 371
    assert Q(2022, 3) not in back.values


def test_setting_and_clearing_a_value_is_recorded(plan_path: Path) -> None:
    with PlanStore.open(plan_path, user="inspector") as store:
        measure = store.add_measure(crime())
        store.set_measure_value(measure.id, Q(2023, 3), 410.0)
        store.set_measure_value(measure.id, Q(2023, 4), 395.5)
        store.set_measure_value(measure.id, Q(2023, 1), None)
        after = store.measure(measure.id)
        history = [
            (c.field, c.old, c.new, c.by)
            for c in store.changes(measure.id)
            if c.field.startswith("value")
        ]
    assert after.values[Q(2023, 3)] == 410
    assert after.values[Q(2023, 4)] == 395.5
    assert Q(2023, 1) not in after.values, "a cleared value is missing, not 0"
    assert history[-3:] == [
        ("value Q3 2023/24", "409", "410", "inspector"),
        ("value Q4 2023/24", None, "395.5", "inspector"),
        ("value Q1 2023/24", "428", None, "inspector"),
    ]


def test_narratives_are_kept_as_written_and_recorded(plan_path: Path) -> None:
    with PlanStore.open(plan_path, user="tester") as store:
        measure = store.add_measure(crime())
        store.set_measure_narrative(measure.id, Q(2023, 3), response="=New response")
        after = store.measure(measure.id)
        fields = [(c.field, c.old, c.new) for c in store.changes(measure.id)]
    assert after.narratives[Q(2023, 3)] == Narrative("Up 9% (+38).", "=New response")
    assert fields[-1] == (
        "response Q3 2023/24",
        "Cycle Team.\nSafer Business week.",
        "=New response",
    )


def test_settings_changes_are_recorded(plan_path: Path) -> None:
    with PlanStore.open(plan_path, user="tester") as store:
        measure = store.add_measure(crime())
        store.update_measure(measure.id, target=None, polarity=Polarity.HIGHER_IS_BETTER)
        after = store.measure(measure.id)
        last = [(c.field, c.old, c.new) for c in store.changes(measure.id)][-2:]
    assert (after.target, after.polarity) == (None, Polarity.HIGHER_IS_BETTER)
    assert sorted(last) == [
        ("polarity", "lower is better", "higher is better"),
        ("target", "400", None),
    ]


def test_a_measure_with_values_keeps_its_frequency(plan_path: Path) -> None:
    with PlanStore.open(plan_path) as store:
        measure = store.add_measure(crime())
        with pytest.raises(ValidationError, match="frequency cannot change"):
            store.update_measure(measure.id, frequency=Frequency.MONTHLY)


def test_two_measures_of_one_name_are_refused(plan_path: Path) -> None:
    with PlanStore.open(plan_path) as store:
        store.add_measure(crime())
        with pytest.raises(ValidationError, match="already has a measure"):
            store.add_measure(Measure(" reduce neighbourhood  crime", Frequency.QUARTERLY))
        other = store.add_measure(Measure("Violent crime", Frequency.QUARTERLY))
        with pytest.raises(ValidationError, match="already has a measure"):
            store.update_measure(other.id, name="Reduce Neighbourhood Crime")


def test_an_unknown_name_lists_the_measures(plan_path: Path) -> None:
    with PlanStore.open(plan_path) as store:
        store.add_measure(crime())
        assert store.find_measure("REDUCE neighbourhood crime").name == "Reduce Neighbourhood Crime"
        with pytest.raises(ValidationError, match="its measures: 'Reduce Neighbourhood Crime'"):
            store.find_measure("Burglary")


def test_deleting_keeps_the_whole_measure_in_the_history(plan_path: Path) -> None:
    with PlanStore.open(plan_path) as store:
        measure = store.add_measure(crime())
        store.delete_measure(measure.id)
        assert store.measures() == []
        deleted = next(c for c in store.changes(measure.id) if c.field == "deleted")
    kept = json.loads(deleted.old or "")
    assert kept["values"]["Q2 2023/24"] == 371
    assert kept["narratives"]["Q3 2023/24"]["reasons"] == "Up 9% (+38)."


def test_saving_several_measures_is_all_or_nothing(plan_path: Path) -> None:
    with PlanStore.open(plan_path) as store:
        measure = store.add_measure(crime())
        changed = replace(measure, values={**measure.values, Q(2023, 4): 1.0})
        wrong = replace(
            measure, frequency=Frequency.MONTHLY, values={}, narratives={}, change_points=()
        )
        with pytest.raises(ValidationError, match="is quarterly"):
            store.save_measures([changed, wrong])
        assert Q(2023, 4) not in store.measure(measure.id).values
        new = Measure(
            "Positive outcome rate",
            Frequency.QUARTERLY,
            unit=Unit.PERCENT,
            values={Q(2023, 3): 21.0},
        )
        store.save_measures([changed, new])
        assert [m.name for m in store.measures()] == [
            "Reduce Neighbourhood Crime",
            "Positive outcome rate",
        ]
        assert store.measure(measure.id).values[Q(2023, 4)] == 1


def test_a_read_only_plan_refuses_measure_edits(plan_path: Path) -> None:
    with PlanStore.open(plan_path, read_only=True) as store, pytest.raises(PlanLockedError):
        store.add_measure(crime())


def test_an_offline_copy_brings_its_measure_edits_in_on_merge(
    plan_path: Path, tmp_path: Path
) -> None:
    with PlanStore.open(plan_path, user="owner") as store:
        measure = store.add_measure(crime())
        copy = store.make_copy(tmp_path / "copy.nhp")
    with PlanStore.open(copy, user="inspector") as theirs:
        theirs.set_measure_value(measure.id, Q(2023, 4), 395.0)
        theirs.set_measure_value(measure.id, Q(2023, 3), 410.0)
        theirs.set_measure_value(measure.id, Q(2023, 1), None)
        theirs.set_measure_narrative(measure.id, Q(2023, 4), reasons="Winter campaign.")
        theirs.update_measure(measure.id, target=390.0)
        theirs.add_measure(Measure("Reduce VAWG", Frequency.QUARTERLY, values={Q(2023, 3): 159.0}))
    with PlanStore.open(plan_path, user="owner") as store:
        result = store.merge_from(copy)
        assert result.conflicts == []
        merged = {m.name: m for m in store.measures()}
        again = store.merge_from(copy)
    crime_now = merged["Reduce Neighbourhood Crime"]
    assert crime_now.values[Q(2023, 4)] == 395
    assert crime_now.values[Q(2023, 3)] == 410
    assert Q(2023, 1) not in crime_now.values, "their clearing came over: missing, not 0"
    assert crime_now.narratives[Q(2023, 4)] == Narrative("Winter campaign.", "")
    assert crime_now.narratives[Q(2023, 3)] == crime().narratives[Q(2023, 3)]
    assert crime_now.target == 390
    assert merged["Reduce VAWG"].values == {Q(2023, 3): 159.0}
    assert again.plan.is_empty


def test_both_copies_changing_one_value_is_a_conflict_kept_until_resolved(
    plan_path: Path, tmp_path: Path
) -> None:
    with PlanStore.open(plan_path, user="owner") as store:
        measure = store.add_measure(crime())
        copy = store.make_copy(tmp_path / "copy.nhp")
        store.set_measure_value(measure.id, Q(2023, 3), 411.0)
    with PlanStore.open(copy, user="inspector") as theirs:
        theirs.set_measure_value(measure.id, Q(2023, 3), 412.0)
    with PlanStore.open(plan_path, user="owner") as store:
        result = store.merge_from(copy)
        [conflict] = result.conflicts
        assert (conflict.field, conflict.mine, conflict.theirs) == (
            "value Q3 2023/24",
            "411",
            "412",
        )
        assert conflict.label == "Measure 'Reduce Neighbourhood Crime'"
        # Until resolved, every copy shows the later change (issue 18: the same on every copy
        # whatever the order of merges; before, each copy kept its own value).
        assert store.measure(measure.id).values[Q(2023, 3)] == 412
        store.resolve_conflict(conflict.id, take="theirs")
        assert store.measure(measure.id).values[Q(2023, 3)] == 412
    with PlanStore.open(copy, user="inspector") as theirs:
        theirs.merge_from(plan_path)  # the copy ends the same, and has nothing to resolve
        assert theirs.measure(measure.id).values[Q(2023, 3)] == 412
        assert theirs.conflicts() == []


def test_a_measure_deleted_in_the_copy_is_deleted_on_merge(plan_path: Path, tmp_path: Path) -> None:
    with PlanStore.open(plan_path, user="owner") as store:
        measure = store.add_measure(crime())
        copy = store.make_copy(tmp_path / "copy.nhp")
    with PlanStore.open(copy, user="inspector") as theirs:
        theirs.delete_measure(measure.id)
    with PlanStore.open(plan_path, user="owner") as store:
        store.merge_from(copy)
        assert store.measures() == []


def test_both_copies_adding_a_measure_of_one_name_is_a_conflict_not_a_duplicate(
    plan_path: Path, tmp_path: Path
) -> None:
    with PlanStore.open(plan_path, user="owner") as store:
        copy = store.make_copy(tmp_path / "copy.nhp")
        store.add_measure(Measure("Reduce VAWG", Frequency.QUARTERLY))
    with PlanStore.open(copy, user="inspector") as theirs:
        theirs.add_measure(Measure("reduce vawg", Frequency.QUARTERLY, values={Q(2023, 3): 1.0}))
    with PlanStore.open(plan_path, user="owner") as store:
        result = store.merge_from(copy)
        assert [m.name for m in store.measures()] == ["Reduce VAWG"]
        assert [c.field for c in result.conflicts] == ["exists"]


def test_a_plan_without_measures_reads_none_and_a_damaged_one_says_so(plan_path: Path) -> None:
    """A plan with no measures answers [] before their code is loaded (issue 22); its check
    reports a damaged file in a sentence, as every read does."""
    import sqlite3

    from nhp_planner.model.errors import PlanFileError

    with PlanStore.open(plan_path, read_only=True) as store:
        assert store.measures() == []
    conn = sqlite3.connect(plan_path)
    conn.execute("pragma foreign_keys = off")
    for table in ("measure_narratives", "measure_values", "measures"):
        conn.execute(f"drop table {table}")
    conn.commit()
    conn.close()
    with (
        pytest.raises(PlanFileError, match=r"is damaged \(no such table: measures\)"),
        PlanStore.open(plan_path, read_only=True) as store,
    ):
        store.measures()

"""Shared test set-up: headless Qt, a private home for settings and logs, the real fixture plan."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: no window system in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from nhp_planner.io.plan_json import PlanDocument, new_plan_from_document, read_plan_json
from nhp_planner.model.entities import Plan
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from tests.fixture_files import FIXTURE_JSON


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Settings, recent plans, logs and the sample's working copy go to a temporary home."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(name, str(home / sub))
    return home


@pytest.fixture(autouse=True)
def _collect_garbage_after() -> Iterator[None]:
    """Collect garbage after each test: an unclosed SQLite connection fails the test that left it.

    From Python 3.13 an unclosed connection warns when it is freed, and warnings are
    errors here; a connection caught in a reference cycle would otherwise be freed (and
    blamed) in whichever later test the collector happened to run in. What survives is
    frozen, so each collection looks only at the objects the last test made.
    """
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture
def fixture_document() -> PlanDocument:
    return read_plan_json(FIXTURE_JSON)


@pytest.fixture
def fixture_store(fixture_document: PlanDocument) -> Iterator[PlanStore]:
    """The real January 2024 plan, in memory."""
    with new_plan_from_document(None, fixture_document, user="tester") as store:
        yield store


@pytest.fixture
def fresh_store() -> Iterator[PlanStore]:
    """An empty in-memory plan with one period, January 2024."""
    with PlanStore.in_memory(
        Plan(title="Test plan"), period=ReportingPeriod(2024, 1), user="tester"
    ) as store:
        yield store


@pytest.fixture
def plan_file(tmp_path: Path, fixture_document: PlanDocument) -> Path:
    """The real January 2024 plan, as a plan file on disk."""
    path = tmp_path / "plan.nhp"
    new_plan_from_document(path, fixture_document, user="tester").close()
    return path

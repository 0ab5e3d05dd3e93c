"""The bundled sample plan: what a new user sees first, and what ``--sample`` means."""

from __future__ import annotations

from pathlib import Path

from nhp_planner.io.plan_json import PlanDocument, new_plan_from_document, read_plan_json
from nhp_planner.model.store import PlanStore
from nhp_planner.paths import resource, user_data_dir

SAMPLE_FILE_NAME = "Sample plan (Harrowdale Constabulary).nhp"


def sample_document() -> PlanDocument:
    """The sample plan as shipped in ``resources/sample-plan.json``, with its earlier periods."""
    return read_plan_json(resource("sample-plan.json"))


def sample_store() -> PlanStore:
    """A throwaway in-memory copy of the sample plan (for ``--sample`` on the command line)."""
    return new_plan_from_document(None, sample_document())


def sample_plan_file() -> Path:
    """The user's own working copy of the sample plan, made on first use.

    Edits to the sample are saved like any plan's, so it lives in the user's
    data folder rather than among the installed resources.
    """
    path = user_data_dir() / SAMPLE_FILE_NAME
    if not path.exists():
        new_plan_from_document(path, sample_document()).close()
    return path


def is_sample(path: Path) -> bool:
    """Whether a plan file is the working copy of the sample plan (the window marks it so)."""
    return path.name == SAMPLE_FILE_NAME

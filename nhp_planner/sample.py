"""The bundled sample plan: what a new user sees first, and what ``--sample`` means."""

from __future__ import annotations

from pathlib import Path

from nhp_planner.model.entities import CoverReport
from nhp_planner.paths import resource, user_data_dir

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.io.plan_json import PlanDocument
    from nhp_planner.model.store import PlanStore

SAMPLE_FILE_NAME = "Sample plan (Harrowdale Constabulary).nhp"

#: The sample's cover for its latest meeting, filled in the way the real papers are.
SAMPLE_COVER = CoverReport(
    committees="Strategic Planning and Performance Committee",
    dated="26 November 2026",
    subject="Neighbourhood Policing Strategy Delivery Plan",
    corporate_plan_outcomes="People are Safe and Feel Safe",
    report_of="Chief Constable",
    report_reference="HC 41-26",
    purpose="For Discussion",
    report_author="Helen Okafor, Head of Strategy & Planning",
    background=(
        "The Neighbourhood Policing Strategy 2025–2028 was agreed by this Committee in "
        "June 2025, with a delivery plan reported to each meeting."
    ),
    conclusion=(
        "Most deliverables are on track; the RED deliverables and those not updated this "
        "month are listed for Members' attention."
    ),
    appendices="Appendix 1 – Neighbourhood Policing Strategy Delivery Plan",
    signoff_name="Helen Okafor",
    signoff_title="Head of Strategy & Planning, Harrowdale Constabulary",
    signoff_email="helen.okafor@harrowdale.police.example",
)


def sample_document() -> PlanDocument:
    """The sample plan as shipped in ``resources/sample-plan.json``, with its earlier periods."""
    # Read only to make a sample: the window opens the working copy made before without it.
    from nhp_planner.io.plan_json import read_plan_json

    return read_plan_json(resource("sample-plan.json"))


def new_sample_plan(path: Path | None) -> PlanStore:
    """A new plan holding the sample, its cover included, at ``path`` (None: in memory).

    The shipped JSON holds no cover, so every copy of the sample is made here: a plan
    made from the sample (``new --sample``) prints the cover ``--sample`` prints.
    """
    from nhp_planner.io.plan_json import new_plan_from_document

    store = new_plan_from_document(path, sample_document())
    store.update_plan(cover=SAMPLE_COVER)
    return store


def sample_store() -> PlanStore:
    """A throwaway in-memory copy of the sample plan (for ``--sample`` on the command line)."""
    return new_sample_plan(None)


def sample_plan_file() -> Path:
    """The user's own working copy of the sample plan, made on first use.

    Edits to the sample are saved like any plan's, so it lives in the user's
    data folder rather than among the installed resources.
    """
    path = user_data_dir() / SAMPLE_FILE_NAME
    if not path.exists():
        new_sample_plan(path).close()
    return path


def is_sample(path: Path) -> bool:
    """Whether a plan file is the working copy of the sample plan (the window marks it so)."""
    return path.name == SAMPLE_FILE_NAME

"""The board pack's and the Word paper's options for the registers' sections.

Apart from :mod:`nhp_planner.register_commands` so that a pack or a paper
without those sections loads none of the registers' command code or model
(start-up, issue 22): the sections are read only when asked for.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.io.paper.registers import RegisterSections
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.model.store import PlanStore


def add_pack_options(parser: argparse.ArgumentParser) -> None:
    """The board pack's and Word paper's options for the registers' sections."""
    parser.add_argument(
        "--findings",
        action="store_true",
        help="add the section 'Progress on HMICFRS areas for improvement'",
    )
    parser.add_argument(
        "--references", action="store_true", help="add the section 'Outstanding references'"
    )


def pack_registers(
    args: argparse.Namespace, store: PlanStore, period: ReportingPeriod | None
) -> RegisterSections | None:
    """The registers' sections the command asked for, or None for neither."""
    if not (args.findings or args.references):
        return None
    from nhp_planner.io.registers.pack import pack_sections

    return pack_sections(store, period, findings=args.findings, actions=args.references)

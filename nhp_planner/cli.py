"""The ``nhp-planner`` command: the window by default; sub-commands do the same jobs without it.

Thin by design: parse, call the model and io layers, print. Errors are one
sentence on stderr and a non-zero exit; tracebacks go to the log file only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from nhp_planner import APP_NAME, __version__
from nhp_planner.logs import setup_logging
from nhp_planner.model.errors import NhpError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import summarise

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(NhpError):
    """A command was asked for something it cannot do (the arguments, not the files, are wrong)."""


# --------------------------------------------------------------------- helpers


def _period(text: str) -> ReportingPeriod:
    try:
        return ReportingPeriod.parse(text)
    except NhpError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _open_plan(args: argparse.Namespace, *, read_only: bool = True) -> PlanStore:
    """The plan named on the command line, or the bundled sample with ``--sample``."""
    if getattr(args, "sample", False):
        if args.plan:
            raise CommandError("Give a plan file or --sample, not both.")
        from nhp_planner.sample import sample_store

        return sample_store()
    if not args.plan:
        raise CommandError("Name a plan file (or use --sample for the bundled sample plan).")
    return PlanStore.open(args.plan, read_only=read_only)


def _add_plan_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", nargs="?", metavar="PLAN", help="the plan file (.nhp)")
    parser.add_argument("--sample", action="store_true", help="use the bundled sample plan instead")


# -------------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    from nhp_planner.io.plan_json import new_plan_from_document
    from nhp_planner.model.entities import Plan
    from nhp_planner.sample import sample_document

    target = Path(args.plan)
    if args.sample:
        store = new_plan_from_document(target, sample_document())
    else:
        period = args.period or ReportingPeriod.containing(dt.date.today())
        store = PlanStore.create(target, Plan(title=args.title), period=period)
    with store:
        period = store.current_period
        when = period.label if period else "no period yet"
        print(f"Created {target} ({store.plan().title}; {when}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from nhp_planner.io.importing import (
        apply_import,
        describe_preview,
        import_into_new_plan,
        preview_import,
        read_source,
    )

    reading = read_source(args.source)
    target = Path(args.plan)
    if not target.exists():
        from nhp_planner.model.entities import Plan

        # Compare with an empty plan, so the preview counts everything as new.
        with PlanStore.in_memory(Plan(title=reading.document.snapshot.plan.title)) as scratch:
            preview = preview_import(scratch, reading, args.period)
        if args.dry_run:
            print(describe_preview(preview, applied=False))
            print(f"Nothing written (--dry-run); {target} would be created.")
            return 0
        import_into_new_plan(target, reading, args.period).close()
        print(describe_preview(preview, applied=True))
        print(f"Created {target}.")
        return 0
    with PlanStore.open(target) as store:
        preview = preview_import(store, reading, args.period)
        if args.dry_run:
            print(describe_preview(preview, applied=False))
            print("Nothing written (--dry-run).")
            return 0
        apply_import(store, preview)
        print(describe_preview(preview, applied=True))
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from nhp_planner.io.plan_json import dump_store

    with _open_plan(args) as store:
        _check_period(store, args.period)
        sys.stdout.write(dump_store(store, args.period, history=args.history))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    with _open_plan(args) as store:
        _check_period(store, args.period)
        snapshot = store.snapshot(args.period)
    today = dt.date.today()
    summary = summarise(snapshot, today)
    if args.json:
        data = {
            "plan": snapshot.plan.title,
            "period": snapshot.period.key if snapshot.period else None,
            "today": today.isoformat(),
            **summary.to_json(),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    period = snapshot.period.label if snapshot.period else "no reporting period yet"
    print(f"{snapshot.plan.title}\n{period}\n")
    width = max([len(o.title) for o in summary.objectives] + [20]) + 4
    print(
        f"{'Objective':<{width}}{'Total':>6}{'GREEN':>7}{'AMBER':>7}{'RED':>6}"
        f"{'Not rated':>11}{'Overdue':>9}"
    )
    rows = [(f"{o.number}  {o.title}", o.counts) for o in summary.objectives]
    rows.append(("All objectives", summary.overall))
    for name, counts in rows:
        print(
            f"{name:<{width}}{counts.total:>6}{counts.green:>7}{counts.amber:>7}{counts.red:>6}"
            f"{counts.not_rated:>11}{counts.overdue:>9}"
        )
    return 0


def _check_period(store: PlanStore, period: ReportingPeriod | None) -> None:
    if period is not None and period not in store.periods():
        known = ", ".join(p.key for p in store.periods()) or "none"
        raise CommandError(f"The plan has no {period.key} period (it has: {known}).")


def cmd_gui(args: argparse.Namespace) -> int:
    from nhp_planner.ui.app import run_app

    return run_app(plan=args.plan, sample=args.sample)


# --------------------------------------------------------------------- parsing

_Command = Callable[[argparse.Namespace], int]


def build_parser() -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The parser of the sub-commands, and their names."""
    parser = argparse.ArgumentParser(
        prog="nhp-planner",
        description=f"{APP_NAME}: keep a Neighbourhood Policing Strategy delivery plan. "
        "With no command, opens the window (on PLAN, else the last plan, else the sample plan).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="create a plan file")
    new.add_argument("plan", metavar="PLAN", help="the plan file to create (.nhp)")
    new.add_argument("--sample", action="store_true", help="fill it with the bundled sample plan")
    new.add_argument(
        "--title", default="Neighbourhood Policing Strategy delivery plan", help="plan title"
    )
    new.add_argument(
        "--period", type=_period, help="first reporting period, YYYY-MM (default: this month)"
    )
    new.set_defaults(run=cmd_new)

    imp = commands.add_parser("import", help="import a plan JSON into a plan (created if missing)")
    imp.add_argument("source", metavar="SOURCE", help="the file to import (.json)")
    imp.add_argument("--plan", required=True, metavar="PLAN", help="the plan file to import into")
    imp.add_argument("--period", type=_period, help="reporting period to import into, YYYY-MM")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    imp.set_defaults(run=cmd_import)

    dump = commands.add_parser("dump", help="write the plan as plan JSON on stdout")
    _add_plan_argument(dump)
    dump.add_argument(
        "--period", type=_period, help="the period to dump (default: the current one)"
    )
    dump.add_argument("--history", action="store_true", help="include every earlier period")
    dump.set_defaults(run=cmd_dump)

    summary = commands.add_parser("summary", help="RAG counts per objective")
    _add_plan_argument(summary)
    summary.add_argument("--period", type=_period, help="the period (default: the current one)")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(run=cmd_summary)
    return parser, frozenset(commands.choices)


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nhp-planner", description=f"Open the {APP_NAME} window.")
    _add_plan_argument(parser)
    parser.set_defaults(run=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, commands = build_parser()
    wants_command = bool(args_list) and (
        args_list[0] in commands or args_list[0] in ("-h", "--help", "--version")
    )
    args = (parser if wants_command else build_gui_parser()).parse_args(args_list)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_USAGE
    log_file = setup_logging()
    run: _Command = args.run
    try:
        return run(args)
    except NhpError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return 130
    except Exception as error:  # our bug: one line here, the traceback in the log
        log.exception("Unexpected error running %s", args_list)
        print(
            f"error: NHP Planner hit an unexpected problem ({type(error).__name__}: {error}); "
            f"details are in {log_file}.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

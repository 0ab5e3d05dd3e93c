"""``nhp-planner findings …`` and ``nhp-planner actions …``: the registers from the command line.

The same functions the window calls: the store's register parts, the
register tracker reader and writer. ``cli.py`` mounts these sub-commands.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from nhp_planner.model.actions import (
    ActionStatus,
    CommitteeAction,
    action_counts,
    normalise_number,
    parse_action_status,
)
from nhp_planner.model.errors import NhpError
from nhp_planner.model.findings import (
    FindingStatus,
    InspectorateItem,
    finding_counts,
    parse_finding_status,
    parse_kind,
    parse_scope,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import parse_rag
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.registers import words_key
from nhp_planner.model.store import PlanStore


class RegisterCommandError(NhpError):
    """A register command was given something it cannot use."""


#: Opens the plan a command names, as a context manager (cli's ``_open_plan``).
OpenPlan = Callable[..., AbstractContextManager[PlanStore]]


def add_register_commands(
    commands: Any, open_plan: OpenPlan, period_type: Callable[[str], ReportingPeriod]
) -> None:
    """Add ``findings`` and ``actions`` to the command line's sub-commands."""
    for register in ("findings", "actions"):
        noun = "inspectorate findings" if register == "findings" else "committee actions"
        parser = commands.add_parser(register, help=f"the register of {noun}: list, add, update…")
        verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
        key = "REF" if register == "findings" else "NUMBER"
        key_help = (
            "the item's reference (or its label, e.g. 'AFI 1 (PEEL 2022)')"
            if register == "findings"
            else "the action's number, e.g. 7/2023/P"
        )
        listing = verbs.add_parser("list", help=f"list the {noun} of a period")
        add = verbs.add_parser("add", help=f"add one of the {noun}")
        update = verbs.add_parser("update", help=f"change one of the {noun}")
        closing = "close it" if register == "findings" else "mark it complete"
        close = verbs.add_parser("close", help=closing)
        imp = verbs.add_parser(
            "import",
            help=f"bring in {noun} from a tracker (.xlsx, .csv)",
            # As the plan's own import is written too: import SOURCE --plan PLAN.
            usage=f"nhp-planner {register} import [-h] [--period PERIOD] [--dry-run] "
            "(PLAN SOURCE | SOURCE --plan PLAN)",
        )
        export = verbs.add_parser("export", help=f"write the {noun} as an Excel tracker")
        for sub in (listing, add, update, close, imp, export):
            sub.add_argument("plan", metavar="PLAN", help="the plan file (.nhp)")
            sub.add_argument("--period", type=period_type, help="a reporting period (YYYY-MM)")
        listing.add_argument("--json", action="store_true", help="as JSON")
        update.add_argument("key", metavar=key, help=key_help)
        close.add_argument("key", metavar=key, help=key_help)
        if register == "findings":
            close.add_argument(
                "--awaiting-sign-off",
                action="store_true",
                help="closed by the force, awaiting the inspectorate's sign-off",
            )
        else:
            close.add_argument("--update", help="the status's update text")
        imp.add_argument(
            "source", metavar="SOURCE", nargs="?", help="the tracker to read (.xlsx, .csv, .txt)"
        )
        imp.add_argument(
            "--plan", dest="plan_named", metavar="PLAN", help="the plan, named after SOURCE"
        )
        imp.add_argument("--dry-run", action="store_true", help="preview only; change nothing")
        export.add_argument("out", metavar="OUT")
        if register == "findings":
            _finding_options(add, required=True)
            _finding_options(update, required=False)
        else:
            _action_options(add, required=True)
            _action_options(update, required=False)
        parser.set_defaults(
            run=lambda args, register=register: _run(args, register, open_plan),
            sample=False,
        )


def _finding_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--report", required=required, help="the source report, e.g. 'PEEL 2022'")
    if required:
        parser.add_argument("--ref", required=True, help="the reference as published")
    else:
        parser.add_argument("--ref", dest="new_ref", help="a new reference")
    parser.add_argument("--text", required=required, help="the finding as published")
    parser.add_argument("--kind", help="AFI, Recommendation or Cause of concern")
    parser.add_argument("--scope", help="Local, Regional or National")
    parser.add_argument("--area", help="the PEEL area or theme")
    parser.add_argument("--lead")
    parser.add_argument("--rag", help="GREEN, AMBER, RED or blank")
    parser.add_argument("--status", help="Open, 'Closed – awaiting sign-off' or Closed")
    parser.add_argument("--target", help="the target date as written")
    parser.add_argument("--progress", help="this period's progress update")
    parser.add_argument("--deliverables", help="the deliverables that answer it: '0.1, 0.4'")


def _action_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    if required:
        parser.add_argument("--number", required=True, help="as the committee writes it: 7/2023/P")
    else:
        parser.add_argument("--number", dest="new_number", help="a new number")
    parser.add_argument("--meeting", help="meeting date and item")
    parser.add_argument("--action", required=required, help="what the committee asked for")
    parser.add_argument("--owner")
    parser.add_argument("--status", help="Not started, In progress or Complete")
    parser.add_argument("--update", help="the status's update text")
    parser.add_argument("--due", help="the due date as written; a new one keeps the old")
    parser.add_argument("--deliverables", help="linked deliverables: '0.1, 0.4'")
    parser.add_argument("--findings", help="linked items, by label: 'AFI 1 (PEEL 2022)'; …")


def _run(args: argparse.Namespace, register: str, open_plan: OpenPlan) -> int:
    if args.verb == "import":
        _name_the_files(args)
    read_only = args.verb in ("list", "export") or getattr(args, "dry_run", False)
    with open_plan(args, read_only=read_only) as store:
        if args.period is not None and args.period not in store.periods():
            raise RegisterCommandError(f"The plan has no {args.period.label} period.")
        if register == "findings":
            return _findings(args, store)
        return _actions(args, store)


def _name_the_files(args: argparse.Namespace) -> None:
    """``import PLAN SOURCE``, or ``import SOURCE --plan PLAN`` as the plan's own import has it."""
    if args.plan_named is not None:
        if args.source is not None:
            raise RegisterCommandError(
                "Name the plan once: import PLAN SOURCE, or import SOURCE --plan PLAN."
            )
        args.plan, args.source = args.plan_named, args.plan
    elif args.source is None:
        raise RegisterCommandError(
            f"Name the tracker to read as well as the plan: {args.plan} is one file; "
            "import PLAN SOURCE, or import SOURCE --plan PLAN."
        )


def _print_json(store: PlanStore, period: ReportingPeriod | None, register: str) -> None:
    from nhp_planner.io.registers.plan_json import registers_json

    print(json.dumps(registers_json(store, period)[register], ensure_ascii=False, indent=2))


def _transfer(args: argparse.Namespace, store: PlanStore, register: str, noun: str) -> int:
    """``import`` or ``export`` of one register; openpyxl is loaded only here."""
    period = args.period
    if args.verb == "export":
        from nhp_planner.io.registers.tracker_export import export_register

        export_register(store, register, args.out, period)
        count = len(getattr(store, register).items(period))
        print(f"Wrote {counted(count, noun)} to {args.out}.")
        return 0
    from nhp_planner.io.registers.columns import ACTIONS_LAYOUT, FINDINGS_LAYOUT
    from nhp_planner.io.registers.register_set import apply_registers
    from nhp_planner.io.registers.trackers import read_register_tracker

    layout = FINDINGS_LAYOUT if register == "findings" else ACTIONS_LAYOUT
    reading = read_register_tracker(args.source, layout)
    result = apply_registers(
        store, reading.registers, period, dry_run=args.dry_run, source=str(reading.source)
    )
    print(reading.describe())
    print(result.describe() + (" Nothing written (--dry-run)." if args.dry_run else ""))
    return 0


def _findings(args: argparse.Namespace, store: PlanStore) -> int:
    register, period = store.findings, args.period
    if args.verb == "list":
        items = register.items(period)
        if args.json:
            _print_json(store, period, "findings")
        else:
            refs = _refs(store, period)
            for item in items:
                linked = ", ".join(
                    sorted((refs[i] for i in item.deliverable_ids if i in refs), key=ref_sort_key)
                )
                print(
                    f"{item.label}: {item.status.value}; {item.rag.label}"
                    f"{'; delivered by ' + linked if linked else ''}\n  {item.text}"
                )
            print(f"{counted(len(items), 'inspectorate item')}.")
        return 0
    if args.verb in ("import", "export"):
        return _transfer(args, store, "findings", "inspectorate item")
    if args.verb == "add":
        item = InspectorateItem(report=args.report, ref=args.ref, text=args.text)
        item = replace(item, **_finding_fields(args, store, period))
        added = register.add(item, period)
        print(f"Added {added.label}.")
        return 0
    item = _find_item(register.items(period), args.key)
    if args.verb == "close":
        status = FindingStatus.AWAITING_SIGN_OFF if args.awaiting_sign_off else FindingStatus.CLOSED
        register.update(item.id, period, status=status)
        print(f"{item.label}: {status.value}.")
        return 0
    fields = _finding_fields(args, store, period)
    if args.new_ref:
        fields["ref"] = args.new_ref
    for name in ("report", "text"):
        if getattr(args, name):
            fields[name] = getattr(args, name)
    changed = register.update(item.id, period, **fields)
    print(f"Updated {changed.label}.")
    return 0


def _actions(args: argparse.Namespace, store: PlanStore) -> int:
    register, period = store.actions, args.period
    if args.verb == "list":
        actions = register.items(period)
        if args.json:
            _print_json(store, period, "actions")
        else:
            for action in actions:
                due = " → ".join(action.due_dates)
                print(
                    f"{action.number}: {action.status_text}"
                    f"{'; due ' + due if due else ''}{' (re-set)' if action.was_reset else ''}"
                    f"\n  {action.action}"
                )
            print(f"{counted(len(actions), 'committee action')}.")
        return 0
    if args.verb in ("import", "export"):
        return _transfer(args, store, "actions", "committee action")
    if args.verb == "add":
        action = CommitteeAction(number=normalise_number(args.number), action=args.action)
        fields = _action_fields(args, store, period)
        due = fields.pop("due_text", "")
        added = register.add(replace(action, **fields).with_due(due), period)
        print(f"Added {added.label}.")
        return 0
    action = _find_action(register.items(period), args.key)
    if args.verb == "close":
        fields = {"status": ActionStatus.COMPLETE}
        if args.update is not None:
            fields["update"] = args.update
        register.update(action.id, period, **fields)
        print(f"{action.label}: complete.")
        return 0
    fields = _action_fields(args, store, period)
    if args.new_number:
        fields["number"] = normalise_number(args.new_number)
    if args.action:
        fields["action"] = args.action
    changed = register.update(action.id, period, **fields)
    print(
        f"Updated {changed.label}"
        + (f"; due {' → '.join(changed.due_dates)}." if changed.was_reset else ".")
    )
    return 0


def _finding_fields(
    args: argparse.Namespace, store: PlanStore, period: ReportingPeriod | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    words = (
        ("kind", "kind", parse_kind, "a kind of finding (AFI, Recommendation, Cause of concern)"),
        ("scope", "scope", parse_scope, "Local, Regional or National"),
        ("rag", "rag", parse_rag, "a RAG rating (GREEN, AMBER, RED or blank)"),
        ("status", "status", parse_finding_status, "Open, 'Closed – awaiting sign-off' or Closed"),
    )
    for option, name, parse, what in words:
        text = getattr(args, option)
        if text is not None:
            fields[name] = _word(parse, text, f"--{option}", what)
    for option, name in (
        ("area", "area"),
        ("lead", "lead"),
        ("target", "target_text"),
        ("progress", "progress"),
    ):
        if getattr(args, option) is not None:
            fields[name] = getattr(args, option) or (None if name == "lead" else "")
    if args.deliverables is not None:
        fields["deliverable_ids"] = _deliverable_ids(store, period, args.deliverables)
    return fields


def _action_fields(
    args: argparse.Namespace, store: PlanStore, period: ReportingPeriod | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.status is not None:
        fields["status"] = _word(
            parse_action_status, args.status, "--status", "Not started, In progress or Complete"
        )
    for option, name in (
        ("meeting", "meeting"),
        ("owner", "owner"),
        ("update", "update"),
        ("due", "due_text"),
    ):
        if getattr(args, option) is not None:
            fields[name] = getattr(args, option) or (None if name == "owner" else "")
    if args.deliverables is not None:
        fields["deliverable_ids"] = _deliverable_ids(store, period, args.deliverables)
    if args.findings is not None:
        items = store.findings.items(period)
        names = [n.strip() for n in args.findings.split(";") if n.strip()]
        fields["finding_ids"] = tuple(_find_item(items, name).id for name in names)
    return fields


def _word(parse: Callable[[str], Any], text: str, option: str, what: str) -> Any:
    value = parse(text)
    if value is None:
        raise RegisterCommandError(f"{option}: '{text}' is not {what}.")
    return value


def _refs(store: PlanStore, period: ReportingPeriod | None) -> dict[str, str]:
    return {d.id: d.ref for d in store.deliverables(period, in_order=False)}


def _deliverable_ids(
    store: PlanStore, period: ReportingPeriod | None, text: str
) -> tuple[str, ...]:
    ids = {ref: i for i, ref in _refs(store, period).items()}
    wanted = [ref for ref in text.replace(";", ",").replace(" ", ",").split(",") if ref]
    missing = [ref for ref in wanted if ref not in ids]
    if missing:
        raise RegisterCommandError(f"--deliverables: the plan has no deliverable {missing[0]}.")
    return tuple(ids[ref] for ref in wanted)


def _find_item(items: list[InspectorateItem], key: str) -> InspectorateItem:
    """An item by its label ("AFI 1 (PEEL 2022)") or, when only one has it, its reference."""
    wanted = words_key(key)
    by_label = [i for i in items if words_key(i.label) == wanted]
    by_ref = [i for i in items if words_key(i.ref) == wanted]
    found = by_label or by_ref
    if len(found) == 1:
        return found[0]
    if not found:
        raise RegisterCommandError(f"The register has no inspectorate item {key}.")
    labels = ", ".join(i.label for i in found)
    raise RegisterCommandError(
        f"Several items have the reference {key} ({labels}); give the label."
    )


def _find_action(actions: list[CommitteeAction], key: str) -> CommitteeAction:
    wanted = normalise_number(key).lower()
    for action in actions:
        if action.number.lower() == wanted:
            return action
    raise RegisterCommandError(f"The register has no committee action {key}.")


def register_counts(store: PlanStore, period: ReportingPeriod | None) -> dict[str, Any]:
    """The registers' counts, as ``summary --json`` gives them."""
    return {
        "findings": finding_counts(store.findings.items(period)),
        "actions": action_counts(store.actions.items(period)),
    }

"""The ``nhp-planner`` command: the window by default; sub-commands do the same jobs without it.

Thin by design: parse, call the model and io layers, print. Errors are one
sentence on stderr and a non-zero exit; tracebacks go to the log file only.

Start-up (issue 22): this module imports only what parsing needs. Each command
imports the model and io code it uses inside itself, so a run loads only its own
(``tests/test_architecture.py`` checks what each command loads).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from nhp_planner import APP_NAME, __version__
from nhp_planner.cli_help import ArgumentParser
from nhp_planner.logs import log_file, start_logging
from nhp_planner.model.errors import NhpError
from nhp_planner.model.plural import counted

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from nhp_planner.model.changes import ChangeRecord
    from nhp_planner.model.entities import Conflict
    from nhp_planner.model.movement import PlanMovement
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.model.rag import Rag
    from nhp_planner.model.spc import LimitMethod, Polarity
    from nhp_planner.model.store import PlanStore

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(NhpError):
    """A command was asked for something it cannot do (the arguments, not the files, are wrong)."""


# --------------------------------------------------------------------- helpers


def _period(text: str) -> ReportingPeriod:
    from nhp_planner.model.periods import ReportingPeriod

    try:
        return ReportingPeriod.parse(text)
    except NhpError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _out_path(args: argparse.Namespace, suffixes: tuple[str, ...], what: str) -> Path:
    """``--out`` when its name ends in one of ``suffixes``; refused before any work otherwise,
    so a PDF is never written under a name that opens it in the wrong program."""
    out = Path(args.out)
    if out.suffix.lower() not in suffixes:
        raise CommandError(f"{out}: {what}, so its name must end in {' or '.join(suffixes)}.")
    return out


@contextmanager
def _open_plan(args: argparse.Namespace, *, read_only: bool = True) -> Iterator[PlanStore]:
    """The plan named on the command line, or the bundled sample with ``--sample``."""
    from nhp_planner.model.store import PlanStore

    if getattr(args, "sample", False):
        if args.plan:
            raise CommandError("Give a plan file or --sample, not both.")
        from nhp_planner.sample import sample_store

        with sample_store() as store:
            yield store
        return
    if not args.plan:
        raise CommandError("Name a plan file (or use --sample for the bundled sample plan).")
    if read_only:
        with PlanStore.open(args.plan, read_only=True) as store:
            yield store
        return
    with _changing(Path(args.plan), args), PlanStore.open(args.plan) as store:
        yield store


@contextmanager
def _changing(plan: Path, args: argparse.Namespace) -> Iterator[None]:
    """Hold the plan's lock while a command changes it: one program at a time changes a plan.

    A plan open in the window (or in another command) is refused with who has
    it, unless ``--force`` was given.
    """
    from nhp_planner.model.plan_file import check_plan_file
    from nhp_planner.model.plan_lock import PlanLock

    check_plan_file(plan)  # what is not a plan is refused before a lock file is written
    lock = PlanLock(plan, f"nhp-planner {args.command} command")
    lock.acquire_or_raise(force=getattr(args, "force", False))
    try:
        yield
    finally:
        lock.release()


def _add_force_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="change the plan even while the window (or another command) has it open",
    )


def _add_plan_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", nargs="?", metavar="PLAN", help="the plan file (.nhp)")
    parser.add_argument("--sample", action="store_true", help="use the bundled sample plan instead")


# -------------------------------------------------------------------- commands


#: What people keep beside a plan: a "new" plan named so is a slip (of `import`, or `export`).
_OTHER_DOCUMENTS = (".ods", ".pdf", ".docx", ".doc", ".odt")


def _new_plan_path(typed: Path) -> Path:
    """The plan file ``new`` makes of the name typed, as the window's New Plan dialog does.

    "n1" and "n1.v2" get the plan suffix ("n1.v2.nhp": a dot in a name is not taken for
    a suffix). A name of a tracker, a plan's JSON or a paper is refused: an SQLite plan
    named "x.json" or "x.xlsx" would be taken for that file, by people and programs alike.
    """
    from nhp_planner.io.importing import SOURCE_SUFFIXES
    from nhp_planner.paths import PLAN_SUFFIX, with_suffix_added

    suffix = typed.suffix.lower()
    if suffix in SOURCE_SUFFIXES or suffix in _OTHER_DOCUMENTS:
        plan = typed.with_suffix(PLAN_SUFFIX)
        made_from = (
            f" (to make a plan of it: nhp-planner import {typed} --plan {plan})"
            if suffix in SOURCE_SUFFIXES
            else ""
        )
        raise CommandError(
            f"{typed}: a plan file's name ends in {PLAN_SUFFIX}, not {typed.suffix}{made_from}."
        )
    return with_suffix_added(typed, PLAN_SUFFIX)


def cmd_new(args: argparse.Namespace) -> int:
    from nhp_planner.model.entities import Plan
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.model.store import PlanStore
    from nhp_planner.sample import new_sample_plan

    target = _new_plan_path(Path(args.plan))
    if args.sample:
        store = new_sample_plan(target)
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
        refuse_unanswered,
    )
    from nhp_planner.model.store import PlanStore

    reading = read_source(args.source, sheet=args.sheet)
    target = Path(args.plan)
    if not target.exists():
        from nhp_planner.model.entities import Plan

        # Compare with an empty plan, so the preview counts everything as new.
        with PlanStore.in_memory(Plan(title=reading.document.snapshot.plan.title)) as scratch:
            preview = preview_import(scratch, reading, args.period, args.rag_map)
        if args.dry_run:
            print(describe_preview(preview, applied=False))
            print(f"Nothing written (--dry-run); {target} would be created.")
            return 0
        if preview.questions:
            print(describe_preview(preview, applied=False))
            refuse_unanswered(preview)
        import_into_new_plan(target, reading, args.period, args.rag_map).close()
        print(describe_preview(preview, applied=True))
        print(f"Created {target}.")
        return 0
    # A dry run opens the plan read-only: opening for writing already touches the file.
    changing = contextlib.nullcontext() if args.dry_run else _changing(target, args)
    with changing, PlanStore.open(target, read_only=args.dry_run) as store:
        preview = preview_import(store, reading, args.period, args.rag_map)
        if args.dry_run:
            print(describe_preview(preview, applied=False))
            print("Nothing written (--dry-run).")
            return 0
        if preview.questions:
            print(describe_preview(preview, applied=False))
        apply_import(store, preview)
        print(describe_preview(preview, applied=True))
    return 0


def _rag_map(text: str) -> dict[str, Rag]:
    """--rag-map "On track=GREEN,At risk=AMBER": each status word and the RAG it means."""
    from nhp_planner.model.rag import parse_rag

    answers: dict[str, Rag] = {}
    for part in text.split(","):
        word, equals, value = part.partition("=")
        rag = parse_rag(value) if equals else None
        if not word.strip() or rag is None:
            raise argparse.ArgumentTypeError(
                f"'{part.strip()}' is not WORD=RAG (such as \"On track=GREEN\"); RAG is GREEN, "
                "AMBER, RED or NOT RATED"
            )
        answers[word.strip()] = rag
    return answers


def cmd_dump(args: argparse.Namespace) -> int:
    from nhp_planner.io.plan_json import dump_store

    with _open_plan(args) as store:
        _check_period(store, args.period)
        sys.stdout.write(dump_store(store, args.period, history=args.history))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from nhp_planner.model.movement import compare
    from nhp_planner.model.periods import figures_day
    from nhp_planner.model.summary import summarise, update_progress

    with _open_plan(args) as store:
        _check_period(store, args.period)
        snapshot, previous = store.snapshot_and_previous(args.period)
        current = store.current_period
        # The registers and measures are in the JSON only; the text does not read them.
        extra = _summary_extras(store, args.period) if args.json else {}
    today = dt.date.today()
    as_at = figures_day(snapshot.period, current, today)
    summary = summarise(snapshot, as_at)
    movement = compare(previous, snapshot) if previous is not None else None
    progress = update_progress(snapshot)
    if args.json:
        import json

        data = {
            "plan": snapshot.plan.title,
            "period": snapshot.period.key if snapshot.period else None,
            "today": today.isoformat(),
            "as_at": as_at.isoformat(),
            **summary.to_json(),
            "updates": progress.to_json(),
            "movement": movement.to_json() if movement else None,
            "unresolved_conflicts": len(snapshot.conflicts),
            **extra,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from nhp_planner.model.dates import format_date

    period = snapshot.period.label if snapshot.period else "no reporting period yet"
    # The day overdue is counted at, said: a closed period's last day, or today.
    print(f"{snapshot.plan.title}\n{period} · overdue as at {format_date(as_at)}\n")
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
    print(f"\n{progress.describe()}.")
    if snapshot.conflicts:
        print(
            f"{counted(len(snapshot.conflicts), 'merge conflict')} to resolve: "
            "see `nhp-planner conflicts PLAN`."
        )
    if movement is not None:
        print("\n" + describe_movement(movement).split("\n\n")[0])
    return 0


def _summary_extras(store: PlanStore, period: ReportingPeriod | None) -> dict[str, Any]:
    """What ``summary --json`` adds to the counts: the registers' counts, the measures'
    exceptions."""
    from nhp_planner.model.measures import exceptions_summary
    from nhp_planner.register_commands import register_counts

    return {**register_counts(store, period), "measures": exceptions_summary(store.measures())}


def _check_period(store: PlanStore, period: ReportingPeriod | None) -> None:
    if period is not None and period not in store.periods():
        known = ", ".join(p.key for p in store.periods()) or "none"
        raise CommandError(f"The plan has no {period.key} period (it has: {known}).")


def cmd_period(args: argparse.Namespace) -> int:
    """The ``period`` sub-commands: new, list, status, reopen, close, confirm."""
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.model.refs import parse_ref
    from nhp_planner.model.summary import update_progress

    action = args.period_command
    with _open_plan(args, read_only=action in ("list", "status")) as store:
        if action == "new":
            current = store.current_period
            period = args.period or (
                current.next() if current else ReportingPeriod.containing(dt.date.today())
            )
            store.start_period(period, after=current)
            count = len(store.deliverables())
            print(
                f"Started {period.label}: {count} deliverables carried forward from "
                f"{current.label if current else 'nothing'}, all marked not yet updated."
            )
        elif action == "confirm":
            # Reviewed, no change: the same store call as the window's button.
            ref = parse_ref(args.ref)
            found = next((d for d in store.deliverables() if d.ref == ref), None)
            if found is None:
                raise CommandError(f"The current period has no deliverable {ref}.")
            period = store.current_period
            when = period.label if period else "the plan"
            if found.updated_at is not None:
                print(f"{ref} is updated for {when} already; nothing changed.")
            else:
                store.confirm_unchanged(found.id)
                print(f"{ref} marked reviewed, no change, for {when}.")
        elif action in ("reopen", "close"):
            _check_period(store, args.period)
            store.reopen_period(args.period, reopen=action == "reopen")
            state = "open for edits again" if action == "reopen" else "closed (read-only)"
            print(f"{args.period.label} is {state}.")
        elif action == "list":
            current = store.current_period
            for period in store.periods():
                progress = update_progress(store.snapshot(period))
                state = (
                    "current"
                    if period == current
                    else ("reopened" if store.is_reopened(period) else "closed")
                )
                print(
                    f"{period.key}  {period.label:<15} {progress.total:>5} deliverables, "
                    f"{len(progress.not_updated):>4} not yet updated  ({state})"
                )
        else:
            _check_period(store, args.period)
            progress = update_progress(store.snapshot(args.period), args.lead)
            if args.json:
                import json

                print(json.dumps(progress.to_json(), ensure_ascii=False, indent=2))
                return 0
            print(progress.describe() + (f" (lead: {args.lead})" if args.lead else "") + ".")
            for lead, items in progress.by_lead().items():
                print(f"  {lead}: {', '.join(d.ref for d in items)}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from nhp_planner.model.movement import compare

    with _open_plan(args) as store:
        for period in (args.from_period, args.to_period):
            _check_period(store, period)
        movement = compare(store.snapshot(args.from_period), store.snapshot(args.to_period))
    if args.json:
        import json

        print(json.dumps(movement.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(describe_movement(movement))
    return 0


def describe_movement(movement: PlanMovement) -> str:
    """Movement between two periods as text: the counts, then each deliverable that moved."""
    from nhp_planner.model.movement import DateMove, RagMove

    counts = movement.counts()
    data = movement.to_json()
    before = movement.from_period.label if movement.from_period else "?"
    after = movement.to_period.label if movement.to_period else "?"
    lines = [
        f"Movement from {before} to {after}:",
        "  RAG: " + ", ".join(f"{counts[m]} {m.value}" for m in RagMove),
        f"  Dates: {data['date_slipped']} slipped, {data['date_brought_forward']} brought forward; "
        f"summaries changed: {data['summary_changed']}",
    ]
    moved = [item for item in movement.items if item.changed]
    if moved:
        lines.append("")
    for item in moved:
        rag = (
            f"{item.rag.arrow} {item.before.rag.label if item.before else '-'} -> "
            f"{item.after.rag.label if item.after else '-'} ({item.rag.value})"
        )
        parts = [f"{item.ref:<6} {rag}"]
        if item.date not in (DateMove.UNCHANGED, DateMove.NONE) and item.before and item.after:
            parts.append(
                f"date {item.before.date_text!r} -> {item.after.date_text!r} ({item.date.value})"
            )
        if item.summary_changed and item.before and item.after:
            parts.append("summary changed")
        lines.append("; ".join(parts))
    return "\n".join(lines)


def cmd_history(args: argparse.Namespace) -> int:
    from nhp_planner.model.periods import ReportingPeriod
    from nhp_planner.model.refs import parse_ref
    from nhp_planner.model.wording import when_text

    with _open_plan(args) as store:
        ref = parse_ref(args.ref)
        found = next((d for d in store.deliverables() if d.ref == ref), None)
        if found is None:
            matches = [d for p in store.periods() for d in store.deliverables(p) if d.ref == ref]
            found = matches[-1] if matches else None
        if found is None:
            raise CommandError(f"The plan has no deliverable {ref}.")
        history = store.deliverable_history(found.id)
        changes = store.changes(found.id)
    print(f"{found.ref} {found.commitment}")
    print("\nBy period:")
    for period, item in history:
        updated = "updated" if item.updated_at else "not yet updated"
        print(f"  {period.label:<15} {item.rag.label:<9} {item.date_text!r:<28} ({updated})")
        print(f"  {'':<15} {item.summary_position}")
    print("\nChanges:")
    for change in changes:
        # Worded as the window's history words them: field names, RAG words, local times.
        label = ReportingPeriod.parse(change.period).label if change.period else ""
        print(f"  {when_text(change.at)}  {change.by:<12} {label:<15} {_change_text(change)}")
    return 0


def _change_text(change: ChangeRecord) -> str:
    """One change as people read it: "RAG: AMBER -> RED", "Created: 1.4 · AMBER · ..."."""
    from nhp_planner.model.wording import field_name, value_text

    name = field_name(change.field)
    if change.field in ("created", "deleted", "updated"):
        value = change.new if change.field != "deleted" else change.old
        return f"{name}: {value_text(change.field, value)}" if value else name
    old, new = (
        value_text(change.field, value) if value is not None else "(none)"
        for value in (change.old, change.new)
    )
    return f"{name}: {old} -> {new}"


def cmd_copy(args: argparse.Namespace) -> int:
    from nhp_planner.model.store import PlanStore

    with PlanStore.open(args.plan, read_only=True) as store:
        out = store.make_copy(args.out, lead=args.lead)
    who = f" for {args.lead}" if args.lead else ""
    print(f"Wrote {out}{who}. When it comes back: nhp-planner merge {args.plan} --from {out}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from nhp_planner.model.store import PlanStore

    changing = contextlib.nullcontext() if args.dry_run else _changing(Path(args.plan), args)
    with changing, PlanStore.open(args.plan) as store:
        result = store.merge_from(args.source, dry_run=args.dry_run)
        print(result.describe(applied=not args.dry_run))
        conflicts = result.conflicts if not args.dry_run else result.plan.conflicts
        for conflict in conflicts:
            print(f"  {_describe_conflict(conflict)}")
        if args.dry_run:
            print("Nothing written (--dry-run).")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    """List unresolved conflicts, or resolve one (--resolve ID) or all (--all)."""
    from nhp_planner.model.store import PlanStore

    writes = bool(args.resolve or args.all)
    changing = _changing(Path(args.plan), args) if writes else contextlib.nullcontext()
    with changing, PlanStore.open(args.plan, read_only=not writes) as store:
        if args.all:  # one transaction: every conflict settled, or none
            store.resolve_conflicts([c.id for c in store.conflicts()], take=args.all)
            whose = "this plan's" if args.all == "mine" else "the copies'"
            print(f"Resolved every conflict, keeping {whose} values.")
            return 0
        if args.resolve:
            take = "value" if args.value is not None else ("theirs" if args.theirs else "mine")
            store.resolve_conflict(args.resolve, take=take, value=args.value)
            print(f"Resolved {args.resolve} ({take}).")
            return 0
        conflicts = store.conflicts()
        if not conflicts:
            print("No unresolved conflicts.")
        for conflict in conflicts:
            print(f"{conflict.id}  {_describe_conflict(conflict)}")
    return 0


def _describe_conflict(conflict: Conflict) -> str:
    from nhp_planner.model.entities import DELETED, DUPLICATE, EXISTS

    def short(value: str | None) -> str:
        if value == DELETED:
            return "deleted"
        flat = " ".join((value or "(blank)").split())
        return repr(flat if len(flat) <= 50 else flat[:49] + "…")

    label = conflict.label
    if conflict.field == DUPLICATE:
        return (
            f"{label}: two deliverables are {conflict.mine}; resolving renumbers this one "
            f"to {conflict.theirs} (or --value REF)"
        )
    if conflict.field == EXISTS:
        here = "deleted" if conflict.mine == DELETED else "kept and changed"
        there = "deleted" if conflict.theirs == DELETED else "changed or added"
        return f"{label}: here {here}, there {there}"
    return (
        f"{label} {conflict.field}: here {short(conflict.mine)} ({conflict.mine_by or '?'}), "
        f"there {short(conflict.theirs)} ({conflict.theirs_by or '?'}), was {short(conflict.base)}"
    )


#: Packs of this many deliverables take a few seconds: show their progress.
PROGRESS_FROM = 500

#: Cover options whose flag is not simply the field's name (``--report-of`` for report_of).
_COVER_FLAGS = {
    "committees": "--committee",
    "recommendations": "--recommendation",
    "corporate_plan_outcomes": "--outcomes",
    "report_reference": "--reference",
}


def cmd_board_pack(args: argparse.Namespace) -> int:
    """Store any cover fields given, then write the board pack for the period.

    Every cover field printed blank is named on stderr; ``--strict`` refuses to
    write a paper with blank or unreviewed fields instead.
    """
    from dataclasses import replace

    from nhp_planner.io.board_pack import write_board_pack
    from nhp_planner.io.paper import COVER_FIELDS, PURPOSES, build_paper
    from nhp_planner.pack_options import pack_registers

    out = _out_path(args, (".pdf",), "a board pack is a PDF")
    cover_changes = {
        field.name: getattr(args, field.name)
        for field in COVER_FIELDS
        if getattr(args, field.name, None) is not None
    }
    if "purpose" in cover_changes:
        cover_changes["purpose"] = PURPOSES[cover_changes["purpose"]]
    if "recommendations" in cover_changes:
        cover_changes["recommendations"] = "\n".join(cover_changes["recommendations"])
    with _open_plan(args, read_only=not cover_changes) as store:
        _check_period(store, args.period)
        current = store.current_period
        if cover_changes and current is not None and args.period not in (None, current):
            raise CommandError(
                f"{args.period.label}'s cover is kept as its meeting had it; cover options "
                f"change the current period's ({current.label})."
            )
        if cover_changes:
            cover = replace(store.plan().cover, **cover_changes).reviewed(*cover_changes)
            store.update_plan(cover=cover)
        snapshot, previous = store.snapshot_and_previous(args.period)
        last_updated = store.last_updated(snapshot.period) if snapshot.period else {}
        registers = pack_registers(args, store, snapshot.period)
        measures = store.measures()
    paper = build_paper(
        snapshot,
        previous=previous,
        as_at_day=args.as_at,
        last_updated=last_updated,
        registers=registers,
        measures=measures,
    )
    if args.strict and paper.warnings:
        for warning in paper.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        raise CommandError(
            f"The cover has {counted(len(paper.warnings), 'field')} to fill or review (listed "
            "above); no pack was written (--strict)."
        )
    show = _progress_printer() if len(snapshot.deliverables) >= PROGRESS_FROM else None
    result = write_board_pack(paper, out, progress=show)
    if show is not None:
        print(file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    period = snapshot.period.label if snapshot.period else "no reporting period"
    print(f"Wrote {result.path} ({result.pages} pages; {period}; as at {paper.as_at.text}).")
    return 0


def cmd_paper(args: argparse.Namespace) -> int:
    """Write the committee paper as a Word document: the board pack's content, accessible."""
    from nhp_planner.io.paper.as_at import long_date
    from nhp_planner.io.word_paper import build_word_paper
    from nhp_planner.pack_options import pack_registers

    out = _out_path(args, (".docx",), "the paper is a Word document")
    with _open_plan(args) as store:
        _check_period(store, args.period)
        snapshot, previous = store.snapshot_and_previous(args.period)
        last_updated = store.last_updated(snapshot.period) if snapshot.period else {}
        registers = pack_registers(args, store, snapshot.period)
        measures = store.measures()
    result = build_word_paper(
        snapshot,
        out,
        previous=previous,
        as_at=args.as_at,
        last_updated=last_updated,
        template=Path(args.template) if args.template else None,
        registers=registers,
        measures=measures,
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    period = snapshot.period.label if snapshot.period else "no reporting period"
    print(f"Wrote {result.path} ({period}; as at {long_date(result.as_at)}).")
    return 0


def _as_at(text: str) -> dt.date:
    from nhp_planner.io.paper.as_at import parse_as_at

    try:
        return parse_as_at(text)
    except NhpError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_cover_options(pack: argparse.ArgumentParser) -> None:
    """One option per cover field, from the one list of fields the paper prints."""
    from nhp_planner.io.paper.fields import COVER_FIELDS

    cover = pack.add_argument_group(
        "cover report",
        "fields stored with the plan for this period's paper and carried to the next "
        "(Dated, the reference and the Summary are cleared for a new meeting)",
    )
    for field in COVER_FIELDS:
        if field.name in ("public", "purpose"):
            continue
        flag = _COVER_FLAGS.get(field.name, "--" + field.name.replace("_", "-"))
        if field.name == "recommendations":
            cover.add_argument(
                flag,
                dest=field.name,
                action="append",
                metavar="TEXT",
                help="a Recommendation (repeat for several; they are numbered)",
            )
            continue
        cover.add_argument(flag, dest=field.name, metavar="TEXT", help=field.title)
    public = cover.add_mutually_exclusive_group()
    public.add_argument(
        "--public", dest="public", action="store_const", const="Public", help="a public paper"
    )
    public.add_argument(
        "--non-public",
        dest="public",
        action="store_const",
        const="Non-public",
        help="a non-public paper (give the paragraph with --exemption)",
    )
    cover.add_argument(
        "--purpose", choices=("decision", "discussion", "information"), help="For Decision / …"
    )


def _progress_printer(doing: str = "Building the board pack") -> Callable[[int, int], None]:
    """Progress on stderr in steps of 5%: one line redrawn on a terminal, else a line each."""
    shown = -1
    redraw = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        nonlocal shown
        percent = done * 100 // total // 5 * 5
        if percent != shown:
            shown = percent
            start, end = ("\r", "") if redraw else ("", "\n")
            print(f"{start}{doing}: {percent}%", end=end, file=sys.stderr, flush=True)

    return show


def cmd_export(args: argparse.Namespace) -> int:
    """Write the plan (or one lead's part of it) as an Excel tracker."""
    from nhp_planner.io.excel_export import export_tracker
    from nhp_planner.model.periods import figures_day

    with _open_plan(args) as store:
        _check_period(store, args.period)
        snapshot, previous = store.snapshot_and_previous(args.period)
        as_at = figures_day(snapshot.period, store.current_period, dt.date.today())
    show = (
        _progress_printer("Writing the tracker")
        if len(snapshot.deliverables) >= PROGRESS_FROM
        else None
    )
    result = export_tracker(
        snapshot, Path(args.out), previous=previous, lead=args.lead, as_at=as_at, progress=show
    )
    if show is not None:
        print(file=sys.stderr)
    for note in result.notes:
        print(f"warning: {note}.", file=sys.stderr)
    period = snapshot.period.label if snapshot.period else "no reporting period"
    whose = f" for {result.lead}" if result.lead else ""
    print(
        f"Wrote {result.path} ({result.rows} deliverables{whose}; {period}; "
        f"sheets: {', '.join(result.sheets)})."
    )
    return 0


# ------------------------------------------------------- performance measures (issue 21)


def _polarities() -> dict[str, Polarity]:
    """The --polarity words and what each means."""
    from nhp_planner.model.spc import Polarity

    return {
        "higher": Polarity.HIGHER_IS_BETTER,
        "lower": Polarity.LOWER_IS_BETTER,
        "neither": Polarity.NEITHER,
    }


def _limits() -> dict[str, LimitMethod]:
    """The --limits words and the method each names."""
    from nhp_planner.model.spc import LimitMethod

    return {"sd": LimitMethod.STANDARD_DEVIATION, "xmr": LimitMethod.MOVING_RANGE}


#: The layouts of :mod:`nhp_planner.io.measures_xlsx` (not imported here: the command starts fast).
_LAYOUTS = ("wide", "long")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (expected YYYY-MM-DD).") from None


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", "").removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number.")
    return value


def cmd_measures_list(args: argparse.Namespace) -> int:
    from nhp_planner.io.measures_paper import measures_content
    from nhp_planner.model.measures import exceptions_summary

    with _open_plan(args) as store:
        measures = store.measures()
    as_at = args.as_at or dt.date.today()
    contents = measures_content(measures, as_at)
    if args.json:
        import json

        data = [
            {**summary, "change": content.change}
            for summary, content in zip(
                exceptions_summary(c.reading.measure for c in contents), contents, strict=True
            )
        ]
        print(
            json.dumps({"as_at": as_at.isoformat(), "measures": data}, ensure_ascii=False, indent=2)
        )
        return 0
    if not measures:
        print("The plan has no performance measures yet (add one with `nhp-planner measures add`).")
        return 0
    for content in contents:
        print(f"{content.heading}\n  {content.about}\n  {content.change}")
        for line in content.exceptions or ("No exceptions.",):
            print(f"  {line}")
    return 0


def cmd_measures_add(args: argparse.Namespace) -> int:
    from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Unit

    frequency = Frequency(args.frequency)
    measure = Measure(
        args.name,
        frequency,
        definition=args.definition or "",
        unit=Unit(args.unit),
        polarity=_polarities()[args.polarity],
        target=args.target,
        lead=args.lead,
        method=_limits()[args.limits],
        baseline_first=args.baseline_first,
        change_points=tuple(MeasurePeriod.parse(p, frequency) for p in args.change_point),
    )
    with _open_plan(args, read_only=False) as store:
        store.add_measure(measure)
    print(f"Added the {frequency.value} measure '{measure.name}' ({measure.polarity.value}).")
    return 0


def cmd_measures_set(args: argparse.Namespace) -> int:
    from nhp_planner.model.measures import MeasurePeriod

    with _open_plan(args, read_only=False) as store:
        measure = store.find_measure(args.measure)
        period = MeasurePeriod.parse(args.period, measure.frequency)
        if args.value is None and args.reasons is None and args.response is None and not args.clear:
            raise CommandError("Give a VALUE, --clear, --reasons or --response.")
        with store.transaction():
            if args.value is not None or args.clear:
                store.set_measure_value(measure.id, period, None if args.clear else args.value)
            if args.reasons is not None or args.response is not None:
                store.set_measure_narrative(
                    measure.id, period, reasons=args.reasons, response=args.response
                )
        after = store.measure(measure.id).values.get(period)
    shown = measure.unit.show(after) if after is not None else "no value"
    print(f"{measure.name}, {period.label}: {shown}.")
    return 0


def cmd_measures_import(args: argparse.Namespace) -> int:
    from nhp_planner.io.measures_xlsx import (
        LAYOUTS,
        preview_measure_import,
        read_measures_workbook,
    )
    from nhp_planner.model.store import PlanStore

    reading = read_measures_workbook(args.source)
    with PlanStore.open(args.plan, read_only=args.dry_run) as store:
        preview = preview_measure_import(reading, store.measures())
        layouts = "; ".join(f"sheet '{sheet}': {LAYOUTS[kind]}" for sheet, kind in reading.layouts)
        read = counted(len(reading.rows), "value or narrative", "values and narratives")
        print(f"{reading.source}: {read} read ({layouts}).")
        for line in preview.describe():
            print(f"  {line}")
        for warning in reading.warnings:
            print(f"warning: {warning}.", file=sys.stderr)
        if args.dry_run:
            print("Nothing written (--dry-run).")
            return 0
        if preview.changes_anything:
            store.save_measures(preview.measures)
            print("Imported.")
        else:
            print("Nothing to change.")
    return 0


def cmd_measures_export(args: argparse.Namespace) -> int:
    from nhp_planner.io.measures_xlsx_export import export_measures

    with _open_plan(args) as store:
        measures, title = store.measures(), store.plan().title
    result = export_measures(measures, Path(args.out), layout=args.layout, title=title)
    for note in result.notes:
        print(f"warning: {note}.", file=sys.stderr)
    print(
        f"Wrote {result.out} ({result.measures} measures, {result.values} values; "
        f"sheets: {', '.join(result.sheets)})."
    )
    return 0


def cmd_measures_chart(args: argparse.Namespace) -> int:
    from nhp_planner.io.atomic_file import replacing
    from nhp_planner.io.measures_paper import latest_period
    from nhp_planner.io.spc_chart import alt_text, spc_drawing, spc_png
    from nhp_planner.model.measures import read_measure

    out = _out_path(args, (".pdf", ".png"), "a chart is a picture")
    with _open_plan(args) as store:
        measure = store.find_measure(args.measure)
    reading = read_measure(measure, latest_period(measure, args.as_at or dt.date.today()))
    with replacing(out, "the chart") as stream:
        if out.suffix.lower() == ".png":
            stream.write(spc_png(reading))
        else:
            from reportlab.graphics import renderPDF

            stream.write(renderPDF.drawToString(spc_drawing(reading)))
    print(alt_text(reading))
    return 0


def _add_measures_commands(commands: Any) -> None:
    from nhp_planner.model.measures import Frequency, Unit

    measures = commands.add_parser(
        "measures",
        help="performance measures: list, add, set, import, export, chart",
        description="Performance measures read as SPC charts: mean ± 2 standard deviations "
        "(or XmR) limits; exceptions are a point outside the limits, a run of 7 above or below "
        "the mean, and 7 successive increases or decreases.",
    )
    actions = measures.add_subparsers(dest="measures_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="each measure's latest value, change and exceptions")
    _add_plan_argument(listing)
    listing.add_argument("--as-at", type=_day, help="the paper's date, YYYY-MM-DD (default: today)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=cmd_measures_list)

    add = actions.add_parser("add", help="add a measure")
    _add_plan_argument(add)
    add.add_argument("--name", required=True, help="e.g. 'Reduce Neighbourhood Crime'")
    add.add_argument("--frequency", choices=[f.value for f in Frequency], required=True)
    add.add_argument("--unit", choices=[u.value for u in Unit], default=Unit.COUNT.value)
    add.add_argument(
        "--polarity", choices=list(_polarities()), required=True, help="which direction is good"
    )
    add.add_argument("--target", type=_number)
    add.add_argument("--lead", help="who leads on the measure")
    add.add_argument("--definition", help="what is counted")
    add.add_argument(
        "--limits",
        choices=list(_limits()),
        default="sd",
        help="sd: mean ± 2 standard deviations; xmr: mean ± 2.66 × mean moving range",
    )
    add.add_argument(
        "--baseline-first", type=int, metavar="N", help="limits from the first N values"
    )
    add.add_argument(
        "--change-point",
        action="append",
        default=[],
        metavar="PERIOD",
        help="a period from which the process changed (repeatable)",
    )
    add.set_defaults(run=cmd_measures_add)

    setting = actions.add_parser("set", help="set one period's value, Reasons or Response")
    setting.add_argument("plan", metavar="PLAN", help="the plan file (.nhp)")
    setting.add_argument("measure", metavar="MEASURE", help="the measure's name")
    setting.add_argument("period", metavar="PERIOD", help="e.g. 'Q3 2023/24' or 2024-01")
    setting.add_argument("value", nargs="?", type=_number, metavar="VALUE")
    setting.add_argument("--clear", action="store_true", help="remove the period's value")
    setting.add_argument("--reasons", help="the period's Reasons, as written")
    setting.add_argument("--response", help="the period's Response, as written")
    setting.set_defaults(run=cmd_measures_set, sample=False)

    importing = actions.add_parser("import", help="values from an Excel tracker (.xlsx)")
    importing.add_argument("source", metavar="SOURCE", help="the workbook to read")
    importing.add_argument("--plan", required=True, metavar="PLAN", help="the plan to import into")
    importing.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    importing.set_defaults(run=cmd_measures_import)

    exporting = actions.add_parser("export", help="write the values to an Excel workbook")
    _add_plan_argument(exporting)
    exporting.add_argument("--out", required=True, metavar="MEASURES.xlsx")
    exporting.add_argument(
        "--layout",
        choices=_LAYOUTS,
        default="wide",
        help="wide: periods across the top; long: a row per measure and period",
    )
    exporting.set_defaults(run=cmd_measures_export)

    chart = actions.add_parser("chart", help="one measure's SPC chart as PDF or PNG")
    _add_plan_argument(chart)
    chart.add_argument("--measure", required=True, help="the measure's name")
    chart.add_argument("--out", required=True, metavar="CHART.pdf|CHART.png")
    chart.add_argument("--as-at", type=_day, help="the paper's date, YYYY-MM-DD (default: today)")
    chart.set_defaults(run=cmd_measures_chart)


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup back in place of the plan (damaged or not), keeping the plan it replaces."""
    from nhp_planner.model.plan_lock import PlanLock
    from nhp_planner.model.restore import restore_backup

    plan = Path(args.plan)
    lock = PlanLock(plan, "nhp-planner restore command")
    lock.acquire_or_raise(force=args.force)
    try:
        aside = restore_backup(Path(args.backup), plan)
    finally:
        lock.release()
    kept = f"; the plan it replaced is kept as {aside}" if aside else ""
    print(f"Restored {plan} from {args.backup}{kept}.")
    return 0


#: Where a window needs a display server named in the environment (X11 or Wayland).
_NEEDS_DISPLAY = not sys.platform.startswith(("win32", "cygwin", "darwin"))


def cmd_gui(args: argparse.Namespace) -> int:
    # Qt, given no display, aborts the process (a core dump) with advice about libraries.
    if _NEEDS_DISPLAY and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        raise NhpError(
            "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run it headless with QT_QPA_PLATFORM=offscreen, or on a virtual display with "
            "xvfb-run."
        )
    from nhp_planner.ui.app import run_app

    status: int = run_app(plan=args.plan, sample=args.sample)
    return status


# --------------------------------------------------------------------- parsing

_Command = Callable[[argparse.Namespace], int]


def _add_new_command(commands: Any) -> None:
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


def _add_import_command(commands: Any) -> None:
    imp = commands.add_parser(
        "import",
        help="import an Excel tracker (.xlsx), CSV or plan JSON into a plan (created if missing)",
        description="Read an Excel tracker (.xlsx, .xlsm), a CSV file or a plan JSON, show what "
        "it holds and what it would change (counts per objective and RAG, the column mapping, "
        "warnings with their sheet, row and column), then apply all of it or none.",
    )
    imp.add_argument(
        "source", metavar="SOURCE", help="the file to import (.xlsx, .xlsm, .csv, .txt or .json)"
    )
    imp.add_argument("--plan", required=True, metavar="PLAN", help="the plan file to import into")
    imp.add_argument(
        "--period",
        type=_period,
        help="reporting period to import into, YYYY-MM; for a tracker keeping several months "
        "side by side, the one month to import (default: each month as its own period)",
    )
    imp.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet to read (default: the best one)"
    )
    imp.add_argument(
        "--rag-map",
        type=_rag_map,
        metavar="WORD=RAG,...",
        help='what the tracker\'s own status words mean, e.g. "On track=GREEN,At risk=AMBER" '
        "(remembered in the plan for the next import)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    _add_force_argument(imp)
    imp.set_defaults(run=cmd_import)


def _add_dump_command(commands: Any) -> None:
    dump = commands.add_parser("dump", help="write the plan as plan JSON on stdout")
    _add_plan_argument(dump)
    dump.add_argument(
        "--period", type=_period, help="the period to dump (default: the current one)"
    )
    dump.add_argument("--history", action="store_true", help="include every earlier period")
    dump.set_defaults(run=cmd_dump)


def _add_summary_command(commands: Any) -> None:
    summary = commands.add_parser("summary", help="RAG counts per objective")
    _add_plan_argument(summary)
    summary.add_argument("--period", type=_period, help="the period (default: the current one)")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(run=cmd_summary)


def _add_period_command(commands: Any) -> None:
    period = commands.add_parser(
        "period", help="reporting periods: new, list, status, reopen, close, confirm"
    )
    period_commands = period.add_subparsers(dest="period_command", metavar="ACTION", required=True)
    start = period_commands.add_parser("new", help="start the next reporting period")
    _add_plan_argument(start)
    start.add_argument(
        "--period", type=_period, help="YYYY-MM (default: the month after the current)"
    )
    _add_force_argument(start)
    listing = period_commands.add_parser(
        "list", help="every period, with how many are not yet updated"
    )
    _add_plan_argument(listing)
    status = period_commands.add_parser("status", help="who has not yet updated this period")
    _add_plan_argument(status)
    status.add_argument("--period", type=_period, help="the period (default: the current one)")
    status.add_argument("--lead", help="only this lead's deliverables")
    status.add_argument("--json", action="store_true", help="print JSON")
    for action, text in (
        ("reopen", "let an earlier period be edited"),
        ("close", "close a reopened period"),
    ):
        sub = period_commands.add_parser(action, help=text)
        _add_plan_argument(sub)
        sub.add_argument("--period", type=_period, required=True, help="YYYY-MM")
        _add_force_argument(sub)
    confirm = period_commands.add_parser(
        "confirm", help="reviewed, no change: mark a deliverable updated for the current period"
    )
    _add_plan_argument(confirm)
    confirm.add_argument("--ref", required=True, help="the deliverable's reference, e.g. 1.4")
    _add_force_argument(confirm)
    period.set_defaults(run=cmd_period)


def _add_compare_command(commands: Any) -> None:
    comparing = commands.add_parser("compare", help="movement between two reporting periods")
    _add_plan_argument(comparing)
    comparing.add_argument(
        "--from", dest="from_period", type=_period, required=True, help="YYYY-MM"
    )
    comparing.add_argument("--to", dest="to_period", type=_period, required=True, help="YYYY-MM")
    comparing.add_argument("--json", action="store_true", help="print JSON")
    comparing.set_defaults(run=cmd_compare)


def _add_history_command(commands: Any) -> None:
    history = commands.add_parser(
        "history", help="one deliverable in every period, and its changes"
    )
    _add_plan_argument(history)
    history.add_argument("--ref", required=True, help="the deliverable's reference, e.g. 1.4")
    history.set_defaults(run=cmd_history)


def _add_copy_command(commands: Any) -> None:
    copying = commands.add_parser("copy", help="copy the plan for someone to update offline")
    copying.add_argument("plan", metavar="PLAN", help="the plan file")
    copying.add_argument("--out", required=True, metavar="COPY", help="the copy to write (.nhp)")
    copying.add_argument("--lead", help="the lead it is for (the copy opens on their deliverables)")
    copying.set_defaults(run=cmd_copy)


def _add_merge_command(commands: Any) -> None:
    merging = commands.add_parser("merge", help="bring an offline copy's changes into the plan")
    merging.add_argument("plan", metavar="PLAN", help="the plan file to merge into")
    merging.add_argument("--from", dest="source", required=True, metavar="OTHER", help="the copy")
    merging.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    _add_force_argument(merging)
    merging.set_defaults(run=cmd_merge)


def _add_conflicts_command(commands: Any) -> None:
    conflicts = commands.add_parser("conflicts", help="list or resolve merge conflicts")
    conflicts.add_argument("plan", metavar="PLAN", help="the plan file")
    conflicts.add_argument("--resolve", metavar="ID", help="resolve this conflict")
    side = conflicts.add_mutually_exclusive_group()
    side.add_argument("--mine", action="store_true", help="keep this plan's value (the default)")
    side.add_argument("--theirs", action="store_true", help="take the copy's value")
    side.add_argument("--value", help="use this value instead")
    conflicts.add_argument(
        "--all", choices=("mine", "theirs"), help="resolve every conflict one way"
    )
    _add_force_argument(conflicts)
    conflicts.set_defaults(run=cmd_conflicts)


def _add_board_pack_command(commands: Any) -> None:
    pack = commands.add_parser(
        "board-pack", help="write the board pack PDF (cover report, RAG summary, appendix)"
    )
    _add_plan_argument(pack)
    pack.add_argument("--out", required=True, metavar="PACK.pdf", help="the PDF to write")
    pack.add_argument("--period", type=_period, help="the period (default: the current one)")
    pack.add_argument(
        "--as-at",
        type=_as_at,
        metavar="DATE",
        help="work every figure out as at this day (default: the cover's Dated, else the "
        "period's last day)",
    )
    pack.add_argument(
        "--strict",
        action="store_true",
        help="refuse to write a paper with blank or unreviewed cover fields",
    )
    from nhp_planner.pack_options import add_pack_options

    _add_cover_options(pack)
    add_pack_options(pack)
    _add_force_argument(pack)
    pack.set_defaults(run=cmd_board_pack)


def _add_paper_command(commands: Any) -> None:
    paper = commands.add_parser(
        "paper", help="write the committee paper as an accessible Word document (.docx)"
    )
    _add_plan_argument(paper)
    paper.add_argument("--out", required=True, metavar="PAPER.docx", help="the document to write")
    paper.add_argument("--period", type=_period, help="the period (default: the current one)")
    paper.add_argument(
        "--as-at", type=_as_at, metavar="DATE", help="work every figure out as at this day"
    )
    paper.add_argument(
        "--template", metavar="REF.docx", help="a Word document whose styles the paper takes"
    )
    from nhp_planner.pack_options import add_pack_options

    add_pack_options(paper)
    paper.set_defaults(run=cmd_paper)


def _add_export_command(commands: Any) -> None:
    export = commands.add_parser("export", help="write the plan as an Excel tracker (.xlsx)")
    _add_plan_argument(export)
    export.add_argument(
        "--out", required=True, metavar="TRACKER.xlsx", help="the workbook to write (replaced)"
    )
    export.add_argument("--period", type=_period, help="the period (default: the current one)")
    export.add_argument(
        "--lead", metavar="NAME", help="only this lead's deliverables: the return they fill in"
    )
    export.set_defaults(run=cmd_export)


def _add_registers_commands(commands: Any) -> None:
    """The registers around the plan (issue 20): nhp-planner findings … and actions …."""
    from nhp_planner.register_commands import add_register_commands

    add_register_commands(commands, _open_plan, _period)


def _add_restore_command(commands: Any) -> None:
    restore = commands.add_parser(
        "restore",
        help="put a backup back in place of the plan (the plan it replaces is kept aside)",
        description="Copy a backup over the plan safely: through SQLite, with any log a "
        "crashed program left beside the plan moved aside with the old plan, which is kept.",
    )
    restore.add_argument("backup", metavar="BACKUP", help="the backup plan file (.nhp)")
    restore.add_argument("--plan", required=True, metavar="PLAN", help="the plan to replace")
    _add_force_argument(restore)
    restore.set_defaults(run=cmd_restore)


#: Each sub-command and what adds it (with its arguments) to the sub-commands of the parser.
_SUBCOMMANDS: dict[str, Callable[[Any], None]] = {
    "new": _add_new_command,
    "import": _add_import_command,
    "dump": _add_dump_command,
    "summary": _add_summary_command,
    "period": _add_period_command,
    "compare": _add_compare_command,
    "history": _add_history_command,
    "copy": _add_copy_command,
    "merge": _add_merge_command,
    "conflicts": _add_conflicts_command,
    "board-pack": _add_board_pack_command,
    "paper": _add_paper_command,
    "export": _add_export_command,
    "restore": _add_restore_command,
    "measures": _add_measures_commands,
    # One function adds both registers' commands.
    "findings": _add_registers_commands,
    "actions": _add_registers_commands,
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of the sub-commands: only ``command``'s, when the one to run is known.

    Building every sub-command's arguments costs more than running a quick one, so
    a run builds only its own; ``--help`` (no command) lists them all.
    """
    parser = ArgumentParser(
        prog="nhp-planner",
        description=f"{APP_NAME}: keep a Neighbourhood Policing Strategy delivery plan. "
        "With no command, opens the window (on PLAN, else the last plan, else the sample plan).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    added = set()
    for name, add in _SUBCOMMANDS.items():
        if command in (None, name) and add not in added:
            added.add(add)
            add(commands)
    return parser


def _neither_plan_nor_command(word: str) -> tuple[int, str] | None:
    """The exit status and what to say when the window's PLAN names no file: a mistyped
    command ("sumary") or a missing plan would otherwise open the window on an error and
    then on the sample plan."""
    if Path(word).expanduser().exists():
        return None
    import difflib

    from nhp_planner.paths import PLAN_SUFFIX

    close = difflib.get_close_matches(word, _SUBCOMMANDS, n=1)
    if close and not Path(word).suffix:
        return EXIT_USAGE, (
            f"nhp-planner: error: {word!r} is not a command; did you mean {close[0]!r}?\n"
            "Run 'nhp-planner --help' for the commands."
        )
    if Path(word).suffix.lower() == PLAN_SUFFIX:
        return (
            EXIT_ERROR,
            f"error: {word}: there is no such plan file ('nhp-planner new {word}' makes one).",
        )
    return EXIT_ERROR, (
        f"error: {word}: there is no such plan file, nor a command "
        "('nhp-planner --help' lists the commands)."
    )


def build_gui_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="nhp-planner", description=f"Open the {APP_NAME} window.")
    _add_plan_argument(parser)
    parser.set_defaults(run=cmd_gui)
    return parser


@contextmanager
def _stopping_cleanly_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a command as Ctrl+C does while it runs.

    Its transaction rolls back, its temporary files are removed and it says so;
    by default these signals end it on the spot, leaving them behind.
    """

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    numbers = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    try:
        before = {number: signal.signal(number, interrupt) for number in numbers}
    except ValueError:  # only the main thread may handle signals (main called in a thread);
        yield  # signal.signal says so itself, so the command need not ask threading
        return
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in _SUBCOMMANDS else None
    wants_command = command is not None or args_list[:1] in (["-h"], ["--help"], ["--version"])
    if not wants_command and args_list and not args_list[0].startswith("-"):
        mistake = _neither_plan_nor_command(args_list[0])
        if mistake is not None:
            status, message = mistake
            print(message, file=sys.stderr)
            return status
    parser = build_parser(command) if wants_command else build_gui_parser()
    args = parser.parse_args(args_list)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_USAGE
    start_logging()
    run: _Command = args.run
    stopping = _stopping_cleanly_on_signals() if run is not cmd_gui else contextlib.nullcontext()
    try:
        with stopping:
            return run(args)
    except NhpError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (| head); Python's own flush at exit must not
        # complain again, so what is left goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("error: the output was closed before all of it was written.", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # the environment: a full disk, a read-only folder...
        from nhp_planner.model.plan_file import reason

        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{reason(error)}.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # our bug: one line here, the traceback in the log
        import logging

        logging.getLogger(__name__).exception("Unexpected error running %s", args_list)
        print(
            f"error: NHP Planner hit an unexpected problem ({type(error).__name__}: {error}); "
            f"details are in {log_file()}.",
            file=sys.stderr,
        )
        return EXIT_ERROR


def run() -> NoReturn:
    """The ``nhp-planner`` program: :func:`main`, then the process ends with its status.

    Python's shutdown ends with a collection of cyclic garbage that walks every object
    the process still holds: all that the imports made (openpyxl's, reportlab's, Qt's
    classes and tables), 10-40 ms of a command for memory the system takes back anyway.
    ``gc.freeze`` first puts those objects out of the collector's reach; exit handlers
    still run (the log is flushed and closed). Tests call :func:`main`, which freezes
    nothing.
    """
    status = main()
    import gc

    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()

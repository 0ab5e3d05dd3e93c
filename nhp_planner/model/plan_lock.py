"""Who has a plan open for changes: a lock file beside the plan, read by the window and the command.

One program at a time changes a plan. The lock file says who (user, computer,
process and when that process started, so a process id the system has since
given to another program is not mistaken for the holder). A lock left by a
process that is gone clears itself; one from another computer cannot be
checked, so it can be broken (after a question) once it has gone a day
without being refreshed, or at any time on request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.plan_file import current_user, now_iso, process_running, write_blocker

log = logging.getLogger(__name__)

#: A lock from another computer not refreshed for this long may be broken after a question.
FOREIGN_STALE_AFTER = dt.timedelta(days=1)
#: How often a holder refreshes its lock (its file's time), so the age says it is still there.
REFRESH_EVERY = dt.timedelta(hours=1)


class PlanInUseError(PlanFileError):
    """The plan is open for changes in another program (the window, or another command)."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds a plan's lock, as its lock file says."""

    user: str
    host: str
    pid: int
    #: Identifies the process's start (boot and start time), where the system tells it.
    started: str | None
    #: "NHP Planner window", "nhp-planner import"...
    program: str
    #: When the lock was taken (UTC, ISO 8601).
    since: str
    #: When the holder last refreshed the lock (the lock file's time).
    refreshed: dt.datetime | None = None

    def describe(self) -> str:
        """For people: "the NHP Planner window of alice on laptop-17 (process 4242)"."""
        where = "this computer" if self.on_this_computer else self.host or "another computer"
        return f"the {self.program} of {self.user} on {where} (process {self.pid})"

    @property
    def on_this_computer(self) -> bool:
        return self.host == _host()

    def is_gone(self) -> bool:
        """The holder's process has ended (or its id now belongs to another process).

        Only a lock of this computer can be checked; another computer's is never gone.
        """
        if not self.on_this_computer:
            return False
        if not process_running(self.pid):
            return True
        now = process_start(self.pid)
        return self.started is not None and now is not None and now != self.started

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Another computer's lock that has gone a day without being refreshed."""
        if self.on_this_computer or self.refreshed is None:
            return False
        return (now or dt.datetime.now(dt.UTC)) - self.refreshed > FOREIGN_STALE_AFTER


def lock_path(plan: Path) -> Path:
    return plan.with_name(plan.name + ".lock")


class PlanLock:
    """The lock on one plan, taken by :meth:`acquire` and given back by :meth:`release`."""

    def __init__(self, plan: Path, program: str) -> None:
        self.plan = plan
        self.path = lock_path(plan)
        self.program = program
        self._mine: LockHolder | None = None

    @property
    def held(self) -> bool:
        return self._mine is not None

    def acquire(self) -> LockHolder | None:
        """Take the lock; None when taken, else who holds it (never a holder that is gone).

        Raises:
            PlanFileError: the lock file cannot be written (a read-only folder, say).
        """
        for _attempt in range(3):
            mine = LockHolder(
                user=current_user(),
                host=_host(),
                pid=os.getpid(),
                started=process_start(os.getpid()),
                program=self.program,
                since=now_iso(),
            )
            if self._create(mine):
                self._mine = mine
                return None
            holder = self.holder()
            if holder is None:
                continue  # released in the meantime
            if not holder.is_gone():
                return holder
            log.info("Clearing the lock of %s, which is no longer running", holder.describe())
            self._remove_if(holder)
        raise PlanFileError(f"{self.path}: the lock file keeps changing; try again in a moment.")

    def acquire_or_raise(self, *, force: bool = False) -> None:
        """Take the lock, or refuse in one sentence naming who has the plan (unless ``force``)."""
        holder = self.acquire()
        if holder is not None and not force:
            raise PlanInUseError(
                f"{self.plan}: is open for changes in {holder.describe()}; close it there "
                "first, or add --force to change it anyway."
            )
        if holder is not None:
            log.warning("Writing %s with --force while %s has it", self.plan, holder.describe())

    def holder(self) -> LockHolder | None:
        """Who holds the lock now, as its file says (None when nobody does)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
            refreshed = dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.UTC)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise PlanFileError(
                f"{self.path}: the plan's lock file cannot be read ({error.strerror})."
            ) from error
        return _parse(text, refreshed)

    def refresh(self) -> None:
        """Show the holder is still there (another computer judges the lock's age by this)."""
        if self._mine is not None:
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def break_lock(self, holder: LockHolder) -> None:
        """Remove another holder's lock (the person was asked); then :meth:`acquire` it."""
        log.warning("Breaking the lock of %s on %s", holder.describe(), self.plan)
        self._remove_if(holder)

    def release(self) -> None:
        if self._mine is not None:
            self._remove_if(self._mine)
            self._mine = None

    def _create(self, holder: LockHolder) -> bool:
        """Write the lock file whole, or not at all if one exists (a link fails then)."""
        record = {key: value for key, value in asdict(holder).items() if key != "refreshed"}
        temp = self.path.with_name(f".{self.path.name}-{_token()}")
        try:
            temp.write_text(json.dumps(record), encoding="utf-8")
            try:
                os.link(temp, self.path)
            except FileExistsError:
                return False
            return True
        except OSError as error:
            blocker = write_blocker(self.plan) if self.plan.parent.is_dir() else None
            raise PlanFileError(
                f"{self.plan}: cannot be changed, because {blocker}."
                if blocker
                else f"{self.path}: the plan cannot be locked for changes ({error.strerror})."
            ) from error
        finally:
            with contextlib.suppress(OSError):  # a read-only folder refuses this too
                temp.unlink(missing_ok=True)

    def _remove_if(self, holder: LockHolder) -> None:
        """Remove the lock file if it still names ``holder`` (not a newer lock taken since)."""
        aside = self.path.with_name(f".{self.path.name}-{_token()}.old")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return
        except OSError as error:
            raise PlanFileError(
                f"{self.path}: the plan's lock file cannot be removed ({error.strerror})."
            ) from error
        try:
            found = _parse(aside.read_text(encoding="utf-8", errors="replace"), None)
            same = found is not None and (found.pid, found.host, found.since) == (
                holder.pid,
                holder.host,
                holder.since,
            )
            if not same:  # someone locked it in between: put theirs back
                with contextlib.suppress(FileExistsError):
                    os.link(aside, self.path)
        finally:
            aside.unlink(missing_ok=True)


def _parse(text: str, refreshed: dt.datetime | None) -> LockHolder | None:
    """A lock file's holder: ours (JSON), or Qt's QLockFile that earlier releases wrote."""
    try:
        record = json.loads(text)
        return LockHolder(
            user=str(record["user"]),
            host=str(record["host"]),
            pid=int(record["pid"]),
            started=None if record.get("started") is None else str(record["started"]),
            program=str(record.get("program", "NHP Planner")),
            since=str(record.get("since", "")),
            refreshed=refreshed,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    lines = text.splitlines()  # QLockFile: pid, application, host name, ...
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        # Unreadable: half-written by a process that died; treat it as that process's.
        return LockHolder("someone", _host(), 0, None, "unknown program", "", refreshed)
    host = lines[2] if len(lines) > 2 else _host()
    return LockHolder("someone", host, pid, None, "NHP Planner window", "", refreshed)


def _host() -> str:
    """The host name, as platform.node() gives it (os.uname's on POSIX, socket's on Windows).

    Asked of os.uname where there is one: importing platform costs a merge and the
    window some 4 ms; socket and secrets, with OpenSSL's hashes behind them, more.
    """
    if hasattr(os, "uname"):
        return os.uname().nodename
    import platform

    return platform.node()


def _token() -> str:
    """Eight random hex digits for a temporary name beside the lock (as secrets.token_hex(4))."""
    return os.urandom(4).hex()


def process_start(pid: int) -> str | None:
    """When a process started, as an opaque token (boot id and start time); None if unknown.

    Two processes with the same id have different tokens, so a lock whose
    process id was given to another program since is seen to be gone.
    """
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and brackets: fields count from the last ")".
    fields = stat[stat.rfind(")") + 2 :].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None

"""Opening files that are not plans, and plans from older and newer releases."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from nhp_planner.io.plan_json import PlanDocument, dump_store, new_plan_from_document
from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.schema import SCHEMA_VERSION, migrations
from nhp_planner.model.store import PlanStore
from tests.fixture_files import FIXTURE_JSON


def _bytes_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _text_file(path: Path) -> None:
    path.write_text("Ref,Deliverable\n1.1,We will\n")


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("create table recipes (name text)")
    conn.commit()
    conn.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, r"is not an NHP Planner plan file \(it is not an SQLite database\)"),
        (_other_sqlite, "is an SQLite database, but not an NHP Planner plan"),
        (_empty, "is empty"),
        (_header_only, "is damaged"),
    ],
)
def test_not_a_plan(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "thing.nhp"
    make(path)  # type: ignore[operator]
    before = _bytes_of(tmp_path)
    with pytest.raises(PlanFileError, match=message) as caught:
        PlanStore.open(path)
    assert str(path) in str(caught.value)
    assert _bytes_of(tmp_path) == before


def test_truncated_plan(plan_file: Path, tmp_path: Path) -> None:
    data = plan_file.read_bytes()
    cut = tmp_path / "cut" / "truncated.nhp"
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    before = _bytes_of(cut.parent)
    with pytest.raises(PlanFileError, match=r"is damaged .*truncated"):
        PlanStore.open(cut)
    assert _bytes_of(cut.parent) == before


def test_garbage_after_header(plan_file: Path, tmp_path: Path) -> None:
    data = bytearray(plan_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    bad = tmp_path / "bad" / "garbled.nhp"
    bad.parent.mkdir()
    bad.write_bytes(bytes(data))
    with pytest.raises(PlanFileError, match="is damaged"):
        PlanStore.open(bad)


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="no such plan file"):
        PlanStore.open(tmp_path / "nope.nhp")
    with pytest.raises(PlanFileError, match="is a folder"):
        PlanStore.open(tmp_path)


def test_newer_release_is_refused(plan_file: Path) -> None:
    conn = sqlite3.connect(plan_file)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = plan_file.read_bytes()
    with pytest.raises(PlanFileError, match="newer release of NHP Planner"):
        PlanStore.open(plan_file)
    assert plan_file.read_bytes() == before


def test_unknown_migration_is_refused(plan_file: Path) -> None:
    conn = sqlite3.connect(plan_file)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('nhp_planner', 'm999_from_the_future', 'later')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(PlanFileError, match="newer release"):
        PlanStore.open(plan_file)


def test_older_file_is_migrated(plan_file: Path, tmp_path: Path) -> None:
    """A first-release file (schema 1: no cover report, no conflicts table) opens and upgrades."""
    old = tmp_path / "old.nhp"
    shutil.copy(plan_file, old)
    conn = sqlite3.connect(old)
    conn.execute("drop table cover")
    conn.execute("drop table conflicts")
    conn.execute("drop table period_covers")
    for table in ("measure_values", "measure_narratives", "measures"):
        conn.execute(f"drop table {table}")
    conn.execute("drop table findings")
    conn.execute("drop table actions")
    conn.execute("delete from _sqlite_migrations where name != 'm001_plan_tables'")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with PlanStore.open(plan_file) as store:
        expected = dump_store(store)
    with PlanStore.open(old) as store:
        assert dump_store(store) == expected
        assert store.plan().cover.recommendations == "Members are asked to note the report."
        assert store.conflicts() == []
        assert store.measures() == []
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert (tmp_path / "old.nhp.schema1.bak").exists()


def test_migrations_apply_in_order_from_nothing(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = Database(tmp_path / "steps.db")
    request.addfinalizer(db.close)
    migrations().apply(db, stop_before="m002_cover_report")
    assert "cover" not in db.table_names() and "deliverables" in db.table_names()
    migrations().apply(db)
    assert "cover" in db.table_names()
    assert [m.name for m in migrations().applied(db)] == [
        "m001_plan_tables",
        "m002_cover_report",
        "m003_merge_conflicts",
        "m004_period_covers",
        "m005_measures",
        "m006_converging_copies",
        "m007_registers",
    ]


def test_a_damaged_plan_names_the_log_left_beside_it(plan_file: Path, tmp_path: Path) -> None:
    data = bytearray(plan_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    bad = tmp_path / "bad" / "garbled.nhp"
    bad.parent.mkdir()
    bad.write_bytes(bytes(data))
    Path(f"{bad}-wal").write_bytes(b"left over by a program that stopped")
    with pytest.raises(PlanFileError, match="is damaged") as caught:
        PlanStore.open(bad)
    message = str(caught.value)
    assert "garbled.nhp-wal beside it is left over" in message
    assert "nhp-planner restore BACKUP --plan PLAN" in message
    assert "\n" not in message


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_only_ordinary_files_are_opened(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe.nhp"
        os.mkfifo(path)  # opening it to read would wait for a writer forever
    else:
        path = Path("/dev/zero")  # reading it never ends
    with pytest.raises(PlanFileError, match="is not an ordinary file"):
        PlanStore.open(path)


def _edited(plan_file: Path, tmp_path: Path, sql: str) -> Path:
    """The plan after a hand edit in an SQLite tool."""
    edited = tmp_path / "edited" / "plan.nhp"
    edited.parent.mkdir()
    shutil.copyfile(plan_file, edited)
    conn = sqlite3.connect(edited)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return edited


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "update deliverables set rag = 'PURPLE' where ref = '1.1'",
            r"is damaged \(deliverable 1.1 has the RAG rating 'PURPLE', which no plan holds\)",
        ),
        (
            "update deliverables set commitment = x'00ff' where ref = '1.2'",
            r"is damaged \(deliverable 1.2 holds bytes where text belongs\)",
        ),
        (
            "update deliverables set summary_position = cast(x'fffe41' as text) where ref = '1.3'",
            r"is damaged \(Could not decode to UTF-8 column 'summary_position'",
        ),
        ("delete from plan", r"is damaged \(its plan table is empty\)"),
        ("drop table changes", r"is damaged \(its changes table is missing\)"),
    ],
    ids=["unknown-rag", "bytes", "not-utf8", "no-plan-row", "no-history"],
)
def test_what_no_plan_holds_reads_as_damaged_in_one_sentence(
    plan_file: Path, tmp_path: Path, sql: str, message: str
) -> None:
    edited = _edited(plan_file, tmp_path, sql)
    before = edited.read_bytes()
    # Opened for changes, as the window does.
    with pytest.raises(PlanFileError, match=message) as caught, PlanStore.open(edited) as store:
        store.snapshot()
    assert str(caught.value).startswith(f"{edited}: ")
    assert "\n" not in str(caught.value)
    assert edited.read_bytes() == before  # the failed open wrote nothing


def _ended_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_what_a_killed_writer_left_is_removed_by_the_next_one(
    plan_file: Path, tmp_path: Path
) -> None:
    """A new plan half-written, a merge's private copy: left by SIGKILL, swept next time."""
    long_ago = time.time() - 3600
    dead = _ended_pid()
    half_plan = tmp_path / f".nhp-{dead}-k2j4_x9q.tmp"
    half_plan.write_bytes(b"half a plan")
    half_wal = Path(f"{half_plan}-wal")
    half_wal.write_bytes(b"its log")
    merge_folder = Path(tempfile.gettempdir()) / f"nhp-merge-{dead}-a1b2c3d4"
    merge_folder.mkdir()
    (merge_folder / "theirs.nhp").write_bytes(b"a copy of theirs")
    for leftover in (half_plan, half_wal, merge_folder):
        os.utime(leftover, (long_ago, long_ago))
    mine = tmp_path / f".nhp-{os.getpid()}-inprogr.tmp"  # this process, still writing
    mine.write_bytes(b"being written")
    os.utime(mine, (long_ago, long_ago))

    PlanStore.create(tmp_path / "new.nhp", Plan(title="New")).close()
    with PlanStore.open(plan_file) as store:
        copy = store.make_copy(tmp_path / "copy.nhp")
        store.merge_from(copy)

    assert not half_plan.exists() and not half_wal.exists()
    assert not merge_folder.exists()
    assert mine.exists()


DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize("release", ["plan-0.1.0-2024-01.nhp", "plan-release-2024-02.nhp"])
def test_an_older_releases_plan_reads_read_only_without_a_byte_written(
    tmp_path: Path, release: str
) -> None:
    """`summary`, `dump` and a read-only window on a plan an older release wrote: they read
    it as this release's (it said "no such column: c.lamport"), and leave the file as it was."""
    plan = tmp_path / release
    shutil.copyfile(DATA / release, plan)
    plan.chmod(0o444)  # as on a read-only share
    before = plan.read_bytes()
    with PlanStore.open(plan, read_only=True) as store:
        read_only = dump_store(store, history=True)
        assert store.read_only and store.deliverables()
    assert plan.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))  # nothing was upgraded, so nothing backed up
    plan.chmod(0o644)
    with PlanStore.open(plan) as migrated:  # as the window opens it: migrated in place
        assert dump_store(migrated, history=True) == read_only


def test_a_new_plan_holds_what_was_written_though_sqlite_left_it_in_its_log(
    tmp_path: Path,
) -> None:
    # SQLite moves its log into the file only as its last connection closes, and says
    # nothing when it cannot (a full disk): here a second connection keeps it there.
    from nhp_planner.model.plan_file import new_plan_file

    target = tmp_path / "new.nhp"
    with new_plan_file(target) as temp:
        temp.unlink()
        writer = sqlite3.connect(temp)
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")
        other = sqlite3.connect(temp)
        other.execute("select count(*) from sqlite_master").fetchone()
        with writer:
            writer.execute("create table t (n)")
            writer.executemany("insert into t values (?)", [(n,) for n in range(5000)])
        writer.close()
        assert temp.stat().st_size < Path(f"{temp}-wal").stat().st_size  # the rows: in the log
    other.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.nhp"]
    with sqlite3.connect(target) as plan:
        assert plan.execute("select count(*), sum(n) from t").fetchone() == (5000, 12497500)
    plan.close()


def test_a_new_plan_the_disk_cannot_hold_is_one_sentence_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nhp_planner.model import plan_file

    def full(temp: Path, target: Path) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite raises it
        raise error

    monkeypatch.setattr(plan_file, "_seal", full)
    target = tmp_path / "new.nhp"
    with pytest.raises(PlanFileError, match=r"new\.nhp: cannot be written \(the disk is full\)\.$"):
        PlanStore.create(target, Plan(title="A plan")).close()
    assert list(tmp_path.iterdir()) == []


def test_a_new_plan_the_disk_fills_while_it_is_filled_is_said_of_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_document: PlanDocument
) -> None:
    # The disk fills as the plan's rows are written (its first write, the plan's own
    # record, goes through): the sentence names the file asked for, not a temporary one.
    from nhp_planner.model.store.connection import HistoryWriter

    real_flush, flushes = HistoryWriter.flush, []

    def full_after_the_first(writer: HistoryWriter) -> None:
        flushes.append(writer)
        if len(flushes) > 1:
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite raises it
            raise error
        real_flush(writer)

    monkeypatch.setattr(HistoryWriter, "flush", full_after_the_first)
    target = tmp_path / "new.nhp"
    with pytest.raises(PlanFileError) as raised:
        new_plan_from_document(target, fixture_document).close()
    assert str(raised.value) == f"{target}: cannot be written (the disk is full)."
    assert list(tmp_path.iterdir()) == []


def test_a_new_plan_past_the_largest_file_allowed_names_itself_and_leaves_nothing(
    tmp_path: Path, fixture_document: PlanDocument
) -> None:
    # Real failing writes, not stand-ins: the process may write no file past a limit,
    # from a few pages of the plan to more than all of it (its log is larger), so the
    # writes fail at each stage of making it (its tables, its rows, its sealing).
    import resource
    import signal

    whole = tmp_path / "whole" / "plan.nhp"
    whole.parent.mkdir()
    new_plan_from_document(whole, fixture_document).close()
    size = whole.stat().st_size
    for share in (0.03, 0.25, 0.6, 1.0, 1.2, 1.4):
        limit = int(size * share)

        def small_files(limit: int = limit) -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        folder = tmp_path / f"limit-{limit}"
        folder.mkdir()
        target = folder / "plan.nhp"
        command = [sys.executable, "-m", "nhp_planner", "import", str(FIXTURE_JSON)]
        run = subprocess.run(
            [*command, "--plan", str(target)],
            capture_output=True, text=True, preexec_fn=small_files, check=False,
        )  # fmt: skip
        if run.returncode == 0:  # it fitted: all of it
            assert [p.name for p in folder.iterdir()] == ["plan.nhp"], limit
            with PlanStore.open(target, read_only=True) as store:
                assert len(store.deliverables()) == len(fixture_document.snapshot.deliverables)
            continue
        assert run.returncode == 1, (limit, run.stderr)
        assert run.stderr.startswith(f"error: {target}: "), (limit, run.stderr)
        assert run.stderr.count("\n") == 1, (limit, run.stderr)
        assert list(folder.iterdir()) == [], limit


def test_a_plan_on_a_full_disk_is_still_read_when_its_log_holds_nothing(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk has no room for the shared memory SQLite reads a plan's log through.
    from nhp_planner.model import plan_file as files

    real = files._connected

    def no_room(uri: str) -> sqlite3.Connection:
        if "immutable=1" not in uri:
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE  # as SQLite raises it
            raise error
        return real(uri)

    monkeypatch.setattr(files, "_connected", no_room)
    with PlanStore.open(plan_file, read_only=True) as store:
        assert len(store.deliverables()) > 0
    # What only its log holds cannot be read without that memory: said, not half read.
    Path(f"{plan_file}-wal").write_bytes(b"\0" * 4096)
    with pytest.raises(PlanFileError, match="the disk is full"):
        PlanStore.open(plan_file, read_only=True)
    with pytest.raises(PlanFileError, match="the disk is full"):  # and a change is refused
        PlanStore.open(plan_file)

"""Outputs written whole: flushed before the rename, the folder after; no temporary file left."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nhp_planner.io.atomic_file import replacing
from nhp_planner.model.errors import ExportError
from nhp_planner.model.plan_file import reason


def _ended_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_the_file_is_flushed_before_its_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync file")
        real_fsync(fd)

    def replace(source: object, target: object) -> None:
        events.append("rename")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "pack.pdf"
    with replacing(out, "the board pack") as stream:
        stream.write(b"%PDF-1.4 ...")
    assert events == ["fsync file", "rename", "fsync folder"]
    assert out.read_bytes() == b"%PDF-1.4 ..."
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_a_failure_part_way_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "tracker.xlsx"
    out.write_bytes(b"the old tracker")
    with pytest.raises(RuntimeError), replacing(out, "the tracker") as stream:
        stream.write(b"half of a new")
        raise RuntimeError("a bug while writing")
    assert out.read_bytes() == b"the old tracker"
    assert [p.name for p in tmp_path.iterdir()] == ["tracker.xlsx"]


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    killed = tmp_path / f".pack-{_ended_pid()}-0123abcd.pdf.part"
    killed.write_bytes(b"half a pack")
    long_ago = time.time() - 3600
    os.utime(killed, (long_ago, long_ago))
    running = tmp_path / f".pack-{os.getpid()}-4567cdef.pdf.part"  # still being written
    running.write_bytes(b"a pack in progress")
    os.utime(running, (long_ago, long_ago))
    other = tmp_path / f".tracker-{_ended_pid()}-89abcdef.xlsx.part"  # another output's
    other.write_bytes(b"x")
    with replacing(out, "the board pack") as stream:
        stream.write(b"%PDF")
    assert not killed.exists()
    assert running.exists() and other.exists()


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    where = tmp_path / "gone" / "t.xlsx"
    with (
        pytest.raises(ExportError, match=r"Cannot write the tracker in .*: the folder does not"),
        replacing(where, "the tracker"),
    ):
        pass


def test_reasons_are_words_for_people() -> None:
    assert reason(OSError(28, "No space left on device")) == "no space left on device"

"""A disk that fills as an output file is written: the write fails as the system's does."""

from __future__ import annotations

import errno
import io
import os
from typing import Any

import pytest


def fill_disk_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Every output written through ``io.atomic_file`` fails with ENOSPC past ``room`` bytes."""
    real_fdopen = os.fdopen

    class _FullDisk(io.BufferedWriter):
        def write(self, data: Any) -> int:
            if self.tell() + len(data) > room:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "wb":
            return _FullDisk(io.FileIO(fd, "w"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr("nhp_planner.io.atomic_file.os.fdopen", fdopen)

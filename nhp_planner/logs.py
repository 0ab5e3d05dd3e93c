"""The log: a rotating file in the user log folder, shared by the window and the command line."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "nhp-planner.log"


def log_file() -> Path:
    """Where the log is written (the user log folder is created if missing)."""
    from nhp_planner.paths import user_log_dir

    return user_log_dir() / LOG_NAME


#: The log is rotated past this size, keeping this many earlier files beside it.
MAX_BYTES = 1_000_000
BACKUPS = 3


class _RotatingLog(logging.Handler):
    """The rotating log file, found and opened on the first record.

    Most runs of a command log nothing, or one line: they neither import
    :mod:`platformdirs` (some 5 ms, to find the user log folder) before a first
    record, nor :mod:`logging.handlers` (sockets, pickling, queues: some 10 ms) before
    the file is due to be rotated; until then it is written by a plain
    :class:`logging.FileHandler`, and the stdlib's :class:`RotatingFileHandler`
    rotates it and carries on.
    """

    def __init__(self) -> None:
        super().__init__()
        self._file: logging.FileHandler | None = None
        self._rotating = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = logging.FileHandler(log_file(), encoding="utf-8")
            self._file.setFormatter(self.formatter)
        stream = self._file.stream  # open: the handler is made without delay
        if not self._rotating and stream is not None and stream.tell() >= MAX_BYTES:
            self._start_rotating()
        self._file.emit(record)

    def _start_rotating(self) -> None:
        """Rotate the full file, and have the stdlib's handler rotate it from now on."""
        from logging.handlers import RotatingFileHandler

        assert self._file is not None
        self._file.close()
        self._file = RotatingFileHandler(
            log_file(), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        self._file.setFormatter(self.formatter)
        self._file.doRollover()
        self._rotating = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def start_logging(level: int = logging.INFO) -> None:
    """Send this process's log records to the rotating log file (opened on the first record)."""
    root = logging.getLogger()
    if not any(isinstance(h, _RotatingLog) for h in root.handlers):
        handler = _RotatingLog()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)


def setup_logging(level: int = logging.INFO) -> Path:
    """:func:`start_logging`, for a caller that names the log file at once (the window)."""
    start_logging(level)
    return log_file()

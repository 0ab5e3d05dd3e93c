"""The log: a rotating file in the user log folder, shared by the window and the command line."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "nhp-planner.log"


def log_file() -> Path:
    """Where the log is written (the user log folder is created if missing)."""
    from nhp_planner.paths import user_log_dir

    return user_log_dir() / LOG_NAME


class _RotatingLog(logging.Handler):
    """The rotating log file, found and opened on the first record.

    Most runs of a command log nothing; they neither import
    :mod:`logging.handlers` (sockets, pickling, queues: some 6 ms) nor
    :mod:`platformdirs` (some 5 ms, to find the user log folder), nor open the file.
    """

    def __init__(self) -> None:
        super().__init__()
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(
                log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

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

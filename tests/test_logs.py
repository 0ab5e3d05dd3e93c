"""The log file: written from the first record, rotated past its size, cheap to open."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from nhp_planner import logs
from nhp_planner.logs import _RotatingLog, log_file

REPO = Path(__file__).resolve().parent.parent


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("nhp_planner.test", logging.INFO, __file__, 1, message, None, None)


def _handler() -> _RotatingLog:
    handler = _RotatingLog()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    return handler


def test_the_first_record_is_appended_to_the_log_with_its_format() -> None:
    log_file().write_text("INFO earlier run\n", encoding="utf-8")
    handler = _handler()
    handler.emit(_record("Wrote pack.pdf"))
    handler.close()
    assert log_file().read_text(encoding="utf-8") == "INFO earlier run\nINFO Wrote pack.pdf\n"
    assert not log_file().with_name(f"{logs.LOG_NAME}.1").exists()


def test_a_full_log_is_rotated_before_the_first_record() -> None:
    earlier = "x" * logs.MAX_BYTES + "\n"
    log_file().write_text(earlier, encoding="utf-8")
    handler = _handler()
    handler.emit(_record("first"))
    handler.emit(_record("second"))
    handler.close()
    assert log_file().read_text(encoding="utf-8") == "INFO first\nINFO second\n"
    assert log_file().with_name(f"{logs.LOG_NAME}.1").read_text(encoding="utf-8") == earlier


def test_a_log_that_fills_while_written_is_rotated_and_keeps_its_backups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 100)
    handler = _handler()
    for number in range(60):
        handler.emit(_record(f"record {number:02}"))
    handler.close()
    names = sorted(p.name for p in log_file().parent.iterdir())
    assert names == [logs.LOG_NAME, *(f"{logs.LOG_NAME}.{n}" for n in (1, 2, 3))]
    assert all(p.stat().st_size <= 100 for p in log_file().parent.iterdir())
    assert log_file().read_text(encoding="utf-8").endswith("INFO record 59\n")


def test_a_first_record_does_not_load_the_rotating_handler_until_the_log_is_full() -> None:
    """Start-up (issue 22): logging.handlers (sockets, pickling, queues) costs some 10 ms."""
    code = (
        "import logging, sys\n"
        "from nhp_planner.logs import start_logging\n"
        "start_logging()\n"
        "logging.getLogger('nhp_planner').info('Wrote pack.pdf')\n"
        "print('logging.handlers' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "False"
    assert log_file().read_text(encoding="utf-8").endswith("Wrote pack.pdf\n")

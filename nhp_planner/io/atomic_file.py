"""Writing an output file whole or not at all: a temporary file beside it, renamed into place.

A failure (disk full, cancelled, a bug) never leaves a half-written tracker or
pack where the old one was; the output is flushed to disk before the rename
and its folder after, so a power cut leaves the old file or the new one. The
temporary file is removed on every way out; one a killed process left is
removed by the next write beside it.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from nhp_planner.model.errors import ExportError
from nhp_planner.model.plan_file import reason, remove_leftovers, sync_folder


@contextmanager
def replacing(out: Path, what: str) -> Iterator[BinaryIO]:
    """A binary stream whose content becomes ``out`` when the block ends without error.

    Args:
        what: what is being written, for messages ("the tracker", "the board pack").

    Raises:
        ExportError: the folder cannot be written, or writing or renaming failed.
    """
    _remove_leftovers(out)
    part = out.with_name(f".{out.stem}-{os.getpid()}-{secrets.token_hex(4)}{out.suffix}.part")
    try:
        # Mode 0666, so the umask gives the file the permissions any new file of
        # the user's would have (mkstemp would make it private to them).
        handle = os.open(
            part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
        )
    except OSError as error:
        raise ExportError(f"Cannot write {what} in {out.parent}: {reason(error)}.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(part, out)
        sync_folder(out.parent)
    except OSError as error:
        raise ExportError(f"Cannot write {what} {out}: {reason(error)}.") from error
    finally:
        part.unlink(missing_ok=True)


def _remove_leftovers(out: Path) -> None:
    """Remove the temporary files of earlier writes of ``out`` whose process was killed."""
    pattern = re.compile(
        rf"\.{re.escape(out.stem)}-(\d+)-[0-9a-f]{{8}}{re.escape(out.suffix)}\.part"
    )
    remove_leftovers(out.parent, pattern)

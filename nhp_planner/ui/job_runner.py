"""The window's long jobs: each off the UI thread with a progress dialog, failures explained."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from nhp_planner.model.errors import NhpError
from nhp_planner.ui import messages

if TYPE_CHECKING:
    from nhp_planner.ui.jobs import Job, ProgressCallback


class JobRunner:
    """Starts jobs for one window and keeps those running, so closing it can cancel them."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._jobs: list[Job] = []

    @property
    def running(self) -> list[Job]:
        """The long jobs running now."""
        return list(self._jobs)

    def run(
        self,
        work: Callable[[ProgressCallback], Any],
        label: str,
        done: Callable[[Any], None],
        failure: str,
    ) -> Job:
        """Run ``work`` off the UI thread with a progress dialog; ``done`` gets its result."""
        # On the first job: the window starts without the thread pool and the progress dialog.
        from nhp_planner.ui.jobs import Job, with_progress

        job = Job(work, self._parent)
        self._jobs.append(job)
        progress = with_progress(self._parent, job, label)

        def finished(result: Any) -> None:
            # Closed first: what ``done`` opens (the import preview) must not sit under a
            # window-modal progress dialog that takes every click.
            progress.close()
            self._jobs.remove(job)
            done(result)

        def failed(error: object, details: str) -> None:
            progress.close()
            self._jobs.remove(job)
            if isinstance(error, NhpError):
                messages.show_error(self._parent, failure, error)
            else:
                messages.show_error(
                    self._parent, failure, f"{type(error).__name__}: {error}", details=details
                )

        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(lambda: self._jobs.remove(job))
        job.start()
        return job

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

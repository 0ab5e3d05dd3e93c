"""One hierarchy for every error NHP Planner reports to a person.

Lower layers raise these; the window and the command line show ``str(error)``,
which is always one plain sentence saying what went wrong and where.
"""


class NhpError(Exception):
    """Base of every error that is the input's or the environment's fault, not ours."""


class ValidationError(NhpError):
    """A value a person supplied breaks a rule of the plan (bad ref, unknown RAG...)."""


class PlanFileError(NhpError):
    """A plan file cannot be opened or written: missing, not a plan, damaged, too new."""


class DiskFullError(PlanFileError):
    """A write failed for want of room on the disk; nothing of it was kept."""


class PlanLockedError(PlanFileError):
    """The plan is open read-only, so it cannot be changed."""


class PeriodClosedError(ValidationError):
    """An edit was aimed at a reporting period that is closed."""


class ImportFormatError(NhpError):
    """A file offered for import cannot be read as a plan or tracker."""


class ExportError(NhpError):
    """A tracker or board pack could not be written."""


class OperationCancelled(NhpError):
    """The person cancelled a long job; raised from its progress callback to stop it cleanly."""

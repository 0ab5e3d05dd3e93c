"""The plan store: one SQLite file per plan, read and written in domain objects.

Callers hold a :class:`PlanStore`; the modules of this package are its parts
(see ``plan_store``), none of which callers use directly.
"""

from nhp_planner.model.store.plan_store import PlanStore

__all__ = ["PlanStore"]

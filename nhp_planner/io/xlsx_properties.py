"""The custom document properties our trackers carry, named once for the writer and the reader.

The plan details a tracker's sheets show people, kept where a program reading the
file back finds them without parsing prose (Excel: File > Info > Properties >
Advanced > Custom). A module of its own, so reading a tracker does not import the
exporter.
"""

PROPERTY_PLAN_ID = "NHP Planner plan id"
PROPERTY_FORCE = "NHP Planner force"
PROPERTY_OWNER = "NHP Planner plan owner"
PROPERTY_PERIOD = "NHP Planner reporting period"
PROPERTY_LEAD = "NHP Planner update return for"

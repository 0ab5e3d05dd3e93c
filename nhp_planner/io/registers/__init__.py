"""The registers around the plan in files: plan JSON keys, Excel trackers in and out.

``register_set.py`` is what every reader returns (the items, and their links
as the file names them); ``plan_json.py`` the ``findings`` and ``actions`` keys
of plan JSON; ``trackers.py`` the register-specific mapping over the tracker
reader's steps; ``tracker_export.py`` the workbooks written back.
"""

"""NHP Planner's bundled files, shipped as nhp_planner.resources; read with ``paths.resource``."""

"""NHP Planner: keep a Neighbourhood Policing Strategy delivery plan offline."""

__version__ = "0.1.0"
APP_NAME = "NHP Planner"

"""Paths of the test data files, for tests and benchmarks alike."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
#: The real delivery plan of January 2024 (a public committee paper), as JSON and as a tracker.
FIXTURE_JSON = DATA / "nhp-delivery-plan-2024-01.json"
FIXTURE_XLSX = DATA / "nhp-delivery-plan-2024-01.xlsx"

"""Reading and writing plans: plan JSON, Excel trackers, board pack PDFs, Word papers (no Qt)."""

import os

# python-docx (the Word paper) brings lxml, and openpyxl prefers lxml to defusedxml
# when both are installed; workbooks are untrusted XML and must go through defusedxml
# (io/xlsx_safety.py). openpyxl reads this once, when it is first imported.
os.environ.setdefault("OPENPYXL_LXML", "False")

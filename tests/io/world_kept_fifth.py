"""Trackers as people keep them, written with openpyxl: the fifth round of shapes.

Beside :mod:`tests.io.world_kept_fourth` and the rounds before it: a sheet saved by
Excel as "Unicode Text" (UTF-16) under a .csv name, headings and RAG words padded with
non-breaking spaces, RAG words with words after them, a two-row header under merged
group titles, one row holding two references, and references numbered afresh under
each objective. The expected plan of each is written in its test
(``tests/io/test_tracker_kept_fifth.py``).
"""

from __future__ import annotations

import codecs
from pathlib import Path

#: A sheet as Excel's "Unicode Text" writes it: tab separated, CR LF, empty cells kept,
#: a cell holding a line break quoted.
UNICODE_TEXT_LINES = (
    "NHP Delivery Plan – position at January 2024\t\t\t\t",
    "\t\t\t\t",
    "Ref\tDeliverable\tRAG\tSummary position\tDate",
    "1.1\tSet up NHP board\tGREEN\tDone\t31/01/2024",
    '1.2\tWe will hold ward panels\tAMBER\t"Six held;\nCafé Road next"\t31/03/2024',
    "1.3\tWe will publish the £5k fund\tRED\tMissed\tTBC",
)


def unicode_text_csv(path: Path, *, big_endian: bool = False, mark: bool = True) -> Path:
    """A sheet saved by Excel as "Unicode Text" (UTF-16 with a byte-order mark), named .csv.

    ``mark=False`` leaves the byte-order mark off, as some other programs write UTF-16.
    """
    codec = "utf-16-be" if big_endian else "utf-16-le"
    bom = codecs.BOM_UTF16_BE if big_endian else codecs.BOM_UTF16_LE
    text = "\r\n".join(line.replace("\n", "\r\n") for line in UNICODE_TEXT_LINES) + "\r\n"
    path.write_bytes((bom if mark else b"") + text.encode(codec))
    return path

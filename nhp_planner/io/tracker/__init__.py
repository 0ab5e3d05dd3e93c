"""Reading the Excel (and CSV) trackers forces keep into a plan reading, ready to preview.

The steps, in the order a tracker passes through them, one module each:

1. :mod:`.workbook` (or :mod:`.csv_file`): the file checked and opened; it drives the steps below.
2. :mod:`.sheets`: each sheet's rows streamed as values, cells and fills.
3. :mod:`.candidates`: the sheets whose first rows hold a table header; the best one is read.
4. :mod:`.headers`: which column fills which field, by what its heading means.
5. :mod:`.rows`: every row of the chosen table told apart (deliverable, continuation,
   objective heading, RAG key, note), each deliverable's cells gathered.
6. :mod:`.deliverables`: the gathered rows become deliverables and objectives.
7. :mod:`.document`: the plan document, its period and warnings, as the
   :class:`~nhp_planner.io.reading.SourceReading` that :mod:`nhp_planner.io.importing`
   previews against the plan.

The readings the steps lean on, each in its own module so it can grow alone:

- :mod:`.periods`: the month a tracker reports, from headings (step 4), title lines (step 5)
  or the workbook's properties (step 7).
- :mod:`.rag_words`: the tracker's words for RAG and its key (steps 5 and 6).
- :mod:`.refs`: deliverable references as people type them (steps 3 to 5).
- :mod:`.objectives`: objective headings and which objective each titles (step 5).

Beside the package, :mod:`nhp_planner.io.xlsx_safety` (refusing what is not a safe, readable
workbook) and :mod:`nhp_planner.io.xlsx_colours` (fills as RAG colours) serve steps 1 and 2.
This module imports nothing, so a reading's types load without openpyxl; the layers
contract in ``pyproject.toml`` keeps each step importing only those before it.
"""

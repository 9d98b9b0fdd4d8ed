"""The import's stated limits, checked before and while a workbook is read, so that no file (a zip
bomb, a sheet of a million rows) can take more than a bounded amount of memory or time.

Excel's own limits are 1,048,576 rows, 16,384 columns and 32,767 characters a cell; a children's
home's records are far smaller, so the row limit is lower and a file past it is refused whole
(never half-read) with a sentence that names the sheet and the limit.
"""

from __future__ import annotations

MB = 1024 * 1024
MAX_SHEET_BYTES = 50 * MB  # a sheet's XML, unpacked
MAX_SHARED_STRINGS_BYTES = 50 * MB  # the workbook's table of shared text, unpacked
MAX_SHARED_STRINGS = 1_000_000  # entries in that table
MAX_PART_BYTES = 10 * MB  # any other part the reader opens (workbook.xml, styles.xml, …), unpacked
MAX_DIRECTORY_BYTES = 2 * MB  # the zip's table of contents (about 20,000 entries)
MAX_ROWS = 100_000  # rows in one sheet
MAX_CELLS_IN_ROW = 16_384  # Excel's column limit
MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_MERGED_RANGES = 10_000  # merged cell ranges in one sheet
# Text in the cells of the columns read, in one sheet. Shared text costs nothing to repeat in the
# file but each row's copy costs memory once read (one 32,000-character text in every row of a
# 100 kB file would be 3 GB), so the characters are counted as the rows are read.
MAX_SHEET_TEXT = 25_000_000


def size_text(count: int) -> str:
    """Bytes in words a manager reads: '401 MB', '0.3 MB'."""
    megabytes = count / MB
    return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"



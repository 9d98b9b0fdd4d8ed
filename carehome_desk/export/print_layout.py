"""How the evidence pack prints on A4 landscape: the scale, the splitting, row heights and the footer.

A sheet that fits one page wide at 75% or more is printed at the scale that fits it (never above
100%); a wider one is printed at 80% and split across pages, its header row and its name column
repeated on each, so nothing is ever shrunk below a readable size. Text is wrapped and each row
is made tall enough for its longest text, so nothing is cut off; the footer carries the homes,
the export date, the sheet's name and 'Page n of m'. Pure rules: ``PackWriter`` applies them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from carehome_desk.export.cells import cell_text, cut, units

#: Excel's limit on a whole header or footer, codes included.
FOOTER_LIMIT = 255
_FOOTER_REST = "&C&A&RPage &P of &N"  # the sheet's name in the middle, 'Page 3 of 7' on the right
#: Printing on A4 landscape (297 mm wide) with 1.3 cm side margins: the width left for the table,
#: in pixels at 96 dpi, and how a column's width in characters becomes pixels (Calibri 11).
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75}  # inches
PRINT_WIDTH_PX = round((297 / 25.4 - MARGINS["left"] - MARGINS["right"]) * 96)
#: A sheet that fits one page wide at this scale or more is printed that way; a wider one is split.
MIN_FIT_SCALE = 75
#: The scale a sheet too wide for one page is printed at, split across pages.
SPLIT_SCALE = 80
#: Points per line of wrapped 11-point text, and the tallest row Excel allows.
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0
#: Characters that fit a column of width w, as a share of w: proportional text is narrower than
#: the digit the width is counted in, but wrapping at word boundaries wastes some of each line.
_FILL = 1.1


def footer_text(left: str) -> str:
    """The page footer: ``left`` (the homes), the sheet's name and 'Page n of m', within Excel's limit.

    An ampersand starts a code in a footer and XlsxWriter reads '&G' as a picture, so each '&' in
    the homes' names is written as a full-width '＆'; names too long for the limit end in '…'.
    """
    text = " ".join((cell_text(left) or "").split()).replace("&", "\uff06")
    room = FOOTER_LIMIT - len("&L") - len(_FOOTER_REST)  # Excel counts UTF-16 units, as for cells
    if units(text) > room:
        text = cut(text, room - 1) + "…"
    return f"&L{text}{_FOOTER_REST}"


def column_pixels(width: float) -> int:
    """A column ``width`` characters wide in pixels, as Excel counts it for Calibri 11."""
    return int(width * 7 + 5)


def print_layout(widths: list[float]) -> tuple[int, bool]:
    """(print scale in per cent, whether the sheet is split across pages) for columns ``widths`` wide.

    Fits one page wide at MIN_FIT_SCALE or more: that scale (at most 100), not split. Wider:
    SPLIT_SCALE, split across pages with the title columns repeated.
    """
    total = sum(column_pixels(w) for w in widths) or 1
    # Spreadsheet programs turn widths into pixels a little differently: keep 7% in hand so a
    # sheet meant to fit one page wide never spills a sliver onto a second.
    fit = int(100 * PRINT_WIDTH_PX * 0.93) // total
    if fit >= 100:
        return 100, False
    if fit >= MIN_FIT_SCALE:
        return fit, False
    return SPLIT_SCALE, True


def text_lines(value: Any, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide."""
    if value is None or isinstance(value, int | float | date):
        return 1
    text = str(value)
    per_line = max(1, int(width * _FILL))
    lines = 0
    for paragraph in text.split("\n"):
        count, line = 1, 0
        for word in paragraph.split(" "):
            if line and line + 1 + len(word) > per_line:
                count, line = count + 1, 0
            line += (1 if line else 0) + len(word)
            while line > per_line:  # a word longer than the line is broken across lines
                count, line = count + 1, line - per_line
        lines += count
    return max(1, lines)


def row_height(values: list[Any], widths: list[float], wrapped: list[bool]) -> float | None:
    """The height in points for a row of ``values`` (None: one line, the default height)."""
    lines = max((text_lines(v, w) for v, w, wrap in zip(values, widths, wrapped) if wrap and v not in (None, "")),
                default=1)
    return None if lines <= 1 else min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT)

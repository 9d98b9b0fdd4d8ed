"""The one place user text is made safe for a spreadsheet cell (see shared/spreadsheets.md)."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Text for a CSV cell that Excel will not run as a formula ('=SUM(…)' gets a leading apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text

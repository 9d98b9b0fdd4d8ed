"""Percentages in words, one way for every screen and the pack.

A share rounds to the nearest whole per cent, except at the edges: it never reads 100% while
anything is outstanding (99.6% reads 99%) and never 0% while something is done (0.4% reads 1%),
so rounding cannot hide a gap or a start.
"""

from __future__ import annotations


def whole_percent(value: float) -> int:
    """``value`` (0–100) to a whole per cent: rounded, but only exactly 100 reads 100 and only exactly 0 reads 0."""
    rounded = round(value)
    if rounded >= 100 and value < 100:
        return 99
    if rounded <= 0 < value:
        return 1
    return int(rounded)


def percent_text(value: float) -> str:
    """'98%', by :func:`whole_percent`."""
    return f"{whole_percent(value)}%"


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` as 0–100 (``whole`` must not be 0)."""
    return 100.0 * part / whole


def share_text(part: int, whole: int) -> str:
    """'98% (436 of 446)': the percentage by :func:`whole_percent`, with the counts it comes from."""
    if part == whole:  # exact, whatever floating point makes of the division
        return f"100% ({part} of {whole})"
    return f"{percent_text(share(part, whole))} ({part} of {whole})"

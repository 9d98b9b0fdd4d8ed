"""Percentages in words, one way for every screen and the pack.

A share rounds to the nearest whole per cent, a half upwards (12.5% reads 13%, as 37.5% reads 38%: the
same way every time, worked on the exact fraction, not on a float that may sit a hair below the half).
At the edges it never reads 100% while anything is outstanding (99.5% and 99.6% read 99%) and never 0%
while something is done (0.4% reads 1%): a manager reading "100%" takes it to mean everyone, so rounding
must not hide a gap or a start.
"""

from __future__ import annotations

import math
from fractions import Fraction

_HALF = Fraction(1, 2)


def whole_percent(value: float | Fraction) -> int:
    """``value`` (0–100) to a whole per cent: a half rounds up, but only exactly 100 reads 100 and only exactly
    0 reads 0."""
    exact = Fraction(value)  # a float converts exactly, so 12.5 is 12.5 and 12.4999… stays below the half
    rounded = math.floor(exact + _HALF)  # ROUND_HALF_UP for values of 0 and above
    if rounded >= 100 and exact < 100:
        return 99
    if rounded <= 0 < exact:
        return 1
    return rounded


def percent_text(value: float | Fraction) -> str:
    """'98%', by :func:`whole_percent`."""
    return f"{whole_percent(value)}%"


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` as 0–100 (``whole`` must not be 0)."""
    return 100.0 * part / whole


def share_text(part: int, whole: int) -> str:
    """'98% (436 of 446)': the percentage by :func:`whole_percent` on the exact fraction, with the counts it
    comes from."""
    return f"{percent_text(Fraction(100 * part, whole))} ({part} of {whole})"

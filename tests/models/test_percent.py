"""Percentages at their edges: never 100% while anything is outstanding, never 0% while something is done."""

from __future__ import annotations

import pytest

from carehome_desk.models.percent import percent_text, share_text, whole_percent


@pytest.mark.parametrize(("part", "whole", "words"), [
    (0, 446, "0% (0 of 446)"),
    (1, 1000, "1% (1 of 1000)"),  # 0.1% is not nothing
    (4, 1000, "1% (4 of 1000)"),
    (5, 1000, "1% (5 of 1000)"),
    (999, 1000, "99% (999 of 1000)"),  # 99.9% is not everything
    (476, 478, "99% (476 of 478)"),  # 99.6%: the case the manager saw read 100%
    (995, 1000, "99% (995 of 1000)"),
    (436, 446, "98% (436 of 446)"),
    (1000, 1000, "100% (1000 of 1000)"),
    (1, 1, "100% (1 of 1)"),
    (0, 1, "0% (0 of 1)"),
    (1, 2, "50% (1 of 2)"),
    (1, 8, "13% (1 of 8)"),  # 12.5%: a half rounds up, as 37.5% does
    (3, 8, "38% (3 of 8)"),
    (1, 200, "1% (1 of 200)"),  # 0.5%
    (199, 200, "99% (199 of 200)"),  # 99.5% is not everything: it stays below 100%
    (5, 40, "13% (5 of 40)"),
    (7, 40, "18% (7 of 40)"),  # 17.5%
])
def test_a_share_reads_its_counts(part: int, whole: int, words: str) -> None:
    assert share_text(part, whole) == words


@pytest.mark.parametrize(("value", "whole"), [
    (0.0, 0), (0.01, 1), (0.49, 1), (0.5, 1), (1.4, 1), (50.0, 50), (98.4, 98), (99.49, 99), (99.5, 99),
    (99.99, 99), (100.0, 100), (12.5, 13), (37.5, 38), (2.5, 3), (12.49, 12), (62.5, 63),
])
def test_whole_percent_keeps_off_the_edges_unless_exact(value: float, whole: int) -> None:
    assert whole_percent(value) == whole
    assert percent_text(value) == f"{whole}%"


def test_every_share_of_a_thousand_is_off_the_edges_unless_exact() -> None:
    for part in range(1001):
        n = int(share_text(part, 1000).split("%")[0])
        assert (n == 0) == (part == 0) and (n == 100) == (part == 1000), part

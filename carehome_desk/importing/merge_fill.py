"""Merged cells below the header row, as rows stream by: a name typed once and merged down beside
a person's courses counts for every row it covers.

A sheet's merged ranges are listed after its rows, so the quick scan collects them first. Here each
column read keeps its ranges in row order with a pointer that only moves forward, so filling costs
the same for every row however many ranges there are (a crafted file may list thousands).
"""

from __future__ import annotations

from carehome_desk.importing.sheet_scan import Merge


class MergeFill:
    """Copies each merged range's top-left value into the read columns it covers, row by row."""

    def __init__(self, merges: list[Merge], columns: set[int]):
        self._starting: dict[int, list[Merge]] = {}
        for merged in merges:
            self._starting.setdefault(merged.min_row, []).append(merged)
        self._tops: dict[Merge, object] = {}
        self._lanes: dict[int, list[Merge]] = {}
        for column in columns:
            lane: list[Merge] = []
            for merged in sorted((m for m in merges if m.min_col - 1 <= column <= m.max_col - 1),
                                 key=lambda m: (m.min_row, m.max_row)):
                if not lane or merged.min_row > lane[-1].max_row:  # overlapping ranges (never valid): first wins
                    lane.append(merged)
            if lane:
                self._lanes[column] = lane
        self._at = dict.fromkeys(self._lanes, 0)

    def see(self, number: int, cells: dict[int, object]) -> None:
        """Note the values of ranges that start on this row (call for every row, in order)."""
        for merged in self._starting.get(number, ()):
            self._tops[merged] = cells.get(merged.min_col - 1)

    def filled(self, number: int, cells: dict[int, object]) -> dict[int, object]:
        """The row's cells with merged values copied into the read columns."""
        if not self._lanes:
            return cells
        out = dict(cells)
        for column, lane in self._lanes.items():
            at = self._at[column]
            while at < len(lane) and lane[at].max_row < number:
                at += 1
            self._at[column] = at
            if at < len(lane) and lane[at].min_row <= number:
                value = self._tops.get(lane[at])
                if value is None:
                    out.pop(column, None)
                else:
                    out[column] = value
        return out

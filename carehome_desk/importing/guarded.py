"""Reading one part of a workbook's zip with the bytes actually unpacked counted and bounded.

The zip's table of contents says how big each part is, but a crafted zip can lie about it, so the
count here is of what the decompressor really produced. Characters XML cannot hold, written as
character references (&#xD800;) or raw control bytes, are rewritten in Excel's own escape
(_xD800_): the XML then parses, and the cell's text reaches values.read_text, which reports it as
that row's error instead of the whole sheet failing to parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

from carehome_desk.importing.result import ImportFileError

_UNSTORABLE = re.compile(rb"&#(x[0-9A-Fa-f]+|[0-9]+);|[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HOLD = 24  # a character reference split across two reads is at most this long


def _xml_char(code: int) -> bool:
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _escape(match: re.Match[bytes]) -> bytes:
    ref = match.group(1)
    if ref is None:
        return b"_x%04X_" % match.group(0)[0]
    code = int(ref[1:], 16) if ref.startswith(b"x") else int(ref)
    if _xml_char(code):
        return match.group(0)
    return b"_x%04X_" % min(code, 0xFFFF)


class GuardedStream:
    """A zip member read through a byte budget: ``too_big()`` is raised once more than ``limit`` bytes unpack."""

    def __init__(self, raw: IO[bytes], limit: int, too_big: Callable[[int], ImportFileError], *,
                 escape: bool = False):
        self._raw, self._limit, self._too_big, self._escape = raw, limit, too_big, escape
        self.unpacked = 0
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        """Up to about ``size`` bytes (all that is left, within the limit, when size < 0); b"" only at the end."""
        while True:
            want = self._limit + 1 - self.unpacked if size is None or size < 0 else size
            data = self._raw.read(max(1, min(want, self._limit + 1 - self.unpacked)))
            self.unpacked += len(data)
            if self.unpacked > self._limit:
                raise self._too_big(self.unpacked)
            if not self._escape:
                return data
            end = not data
            data, self._held = self._held + data, b""
            if not end:  # hold back a character reference cut off at the end of this read
                amp = data.rfind(b"&", max(0, len(data) - _HOLD))
                if amp >= 0 and b";" not in data[amp:]:
                    data, self._held = data[:amp], data[amp:]
                if not data:
                    continue  # all of it held: read on, as an empty answer would mean the end
            return _UNSTORABLE.sub(_escape, data)

    def close(self) -> None:
        """Close the member."""
        self._raw.close()

    def __enter__(self) -> GuardedStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

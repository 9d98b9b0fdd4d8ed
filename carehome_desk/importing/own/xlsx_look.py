"""How an .xlsx or .xlsm sheet looks, read from its XML: hidden columns and rows and solid cell fills
(as 'RRGGBB', theme and indexed colours resolved), and the quick pass that bounds each sheet before
calamine reads its values (how far it reaches, how much text it holds).

Parsed with the standard library's ElementTree, one element at a time: a 300-row x 35-column
matrix takes a few hundredths of a second, faster than openpyxl's full load.
"""

from __future__ import annotations

import colorsys
import io
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from carehome_desk.importing.own.zip_parts import ZipParts, check_grid

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
R_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
MAX_FILLS = 200_000  # fills kept for one sheet: each costs memory even on an empty cell
# Excel's theme colour order: light 1 and dark 1 (and 2) are swapped from the theme file's order.
_THEME_ORDER = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(data: bytes) -> Iterator[tuple[str, ET.Element]]:
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        yield event, element


@dataclass
class SheetLook:
    """What the quick pass found in one sheet."""

    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    fills_cut: bool = False
    conditional: bool = False  # the sheet colours cells by conditional formatting rules


def sheet_parts(parts: ZipParts) -> dict[str, str]:
    """Sheet name -> its part in the zip, from the workbook and its relationships."""
    rels_part = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_part in parts.names:
        for _, el in _parse(parts.read(rels_part)):
            if _local(el.tag) == "Relationship" and el.get("Id") and el.get("Target"):
                target = str(el.get("Target"))
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                targets[str(el.get("Id"))] = path
    found: dict[str, str] = {}
    for event, el in _parse(parts.read("xl/workbook.xml")):
        if event == "end" and _local(el.tag) == "sheet":
            rid = el.get(R_NS) or el.get(R_STRICT) or ""
            if rid in targets and el.get("name") is not None:
                found[str(el.get("name"))] = targets[rid]
    return found


def _theme(parts: ZipParts) -> list[str]:
    if "xl/theme/theme1.xml" not in parts.names:
        return []
    colours: list[str] = []
    in_scheme = False
    for event, el in _parse(parts.read("xl/theme/theme1.xml")):
        name = _local(el.tag)
        if name == "clrScheme":
            in_scheme = event == "start"
        elif in_scheme and event == "end" and name in ("srgbClr", "sysClr"):
            colours.append(str(el.get("val") if name == "srgbClr" else el.get("lastClr", "000000")).upper()[-6:])
    return colours


def _tinted(rgb: str, tint: float) -> str:
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


def _colour(el: ET.Element, theme: list[str]) -> str | None:
    from openpyxl.styles.colors import COLOR_INDEX

    rgb: str | None = None
    if el.get("rgb"):
        rgb = str(el.get("rgb")).upper()[-6:]
    elif el.get("theme") is not None:
        index = int(str(el.get("theme")))
        order = _THEME_ORDER[index] if index < len(_THEME_ORDER) else index
        rgb = theme[order] if order < len(theme) else None
    elif el.get("indexed") is not None:
        index = int(str(el.get("indexed")))
        rgb = COLOR_INDEX[index][-6:] if index < 64 else None  # 64 and up: the system's own colours
    if rgb is None or len(rgb) != 6:
        return None
    tint = float(el.get("tint") or 0)
    return _tinted(rgb, tint) if tint else rgb


def style_fills(parts: ZipParts) -> dict[int, str]:
    """Cell style index -> its solid fill colour, for the styles that have one."""
    if "xl/styles.xml" not in parts.names:
        return {}
    theme = _theme(parts)
    fills: list[str | None] = []
    xf_fills: list[int] = []
    where, pattern, colour = "", "", None
    for event, el in _parse(parts.read("xl/styles.xml")):
        name = _local(el.tag)
        if name in ("fills", "cellXfs", "cellStyleXfs", "dxfs"):
            where = name if event == "start" else ""
        elif where == "fills" and name == "patternFill" and event == "start":
            pattern, colour = el.get("patternType") or "", None
        elif where == "fills" and name == "fgColor" and event == "end":
            colour = _colour(el, theme)
        elif where == "fills" and name == "fill" and event == "end":
            fills.append(colour if pattern == "solid" else None)
            pattern, colour = "", None
        elif where == "cellXfs" and name == "xf" and event == "start":
            xf_fills.append(int(el.get("fillId") or 0))
    return {i: fills[f] for i, f in enumerate(xf_fills) if f < len(fills) and fills[f]}  # type: ignore[misc]


def shared_lengths(parts: ZipParts) -> list[int]:
    """The length of each entry in the workbook's table of shared text."""
    part = next((n for n in parts.names if n.lower() == "xl/sharedstrings.xml"), None)
    if part is None:
        return []
    lengths: list[int] = []
    for event, el in _parse(parts.read(part)):
        if event == "end" and _local(el.tag) == "si":
            lengths.append(sum(len(t.text or "") for t in el.iter() if _local(t.tag) == "t"))
            el.clear()
    return lengths


def _column(ref: str) -> int:
    col = 0
    for ch in ref:
        if not ch.isalpha():
            break
        col = col * 26 + ord(ch.upper()) - 64
    return col - 1


def look_at_sheet(parts: ZipParts, part: str, title: str, fills: dict[int, str], strings: list[int]) -> SheetLook:
    """Hidden columns and rows and fills of one sheet; ImportFileError when it passes the limits."""
    look = SheetLook()
    parts.titles[part] = title
    rows, cols, text, row, col = 0, 0, 0, -1, -1
    try:
        for event, el in _parse(parts.read(part)):
            name = _local(el.tag)
            if event == "start":
                if name == "row":
                    number = el.get("r")
                    row = int(number) - 1 if number and number.isdigit() else row + 1
                    col = -1
                    if el.get("hidden") in ("1", "true"):
                        look.hidden_rows.add(row)
                    if row >= 200_000:  # far past the limit: stop reading here
                        check_grid(parts.name, title, row + 1, 1, 0)
                continue
            if name == "c":
                ref = el.get("r")
                col = _column(ref) if ref else col + 1
                style = el.get("s")
                if style and style.isdigit() and int(style) in fills:
                    if len(look.fills) < MAX_FILLS:
                        look.fills[(row, col)] = fills[int(style)]
                    else:
                        look.fills_cut = True
                value = next((c for c in el if _local(c.tag) in ("v", "is")), None)
                if value is not None:
                    rows, cols = max(rows, row + 1), max(cols, col + 1)
                    kind = el.get("t")
                    if kind == "s" and value.text and value.text.strip().isdigit():
                        index = int(value.text)
                        text += strings[index] if index < len(strings) else 0
                    elif kind in ("inlineStr", "str"):
                        text += sum(len(t.text or "") for t in value.iter())
                el.clear()
            elif name == "row":
                el.clear()
                check_grid(parts.name, title, rows, cols, text)
            elif name == "conditionalFormatting":
                look.conditional = True
            elif name == "col" and el.get("hidden") in ("1", "true"):
                first, last = int(el.get("min") or 1), int(el.get("max") or 1)
                look.hidden_columns.update(range(first - 1, min(last, 16_384)))
    except (ET.ParseError, ValueError):
        raise parts.damaged(f" (the sheet '{title}')") from None
    check_grid(parts.name, title, rows, cols, text)
    return look

"""Who was involved in an incident, by name: typed names matched to the staff register.

An incident links the staff on the register who were involved and keeps everyone else (agency
staff, visitors) as text. These rules read a typed or imported "Staff involved" against the
register, and write the links back out as names, for the import, the pack and the demo.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from carehome_desk.models.ids import StaffId
from carehome_desk.models.incidents import IncidentDetails

#: What separates names written in one cell: commas, semicolons, new lines.
_SEPARATORS = re.compile(r"[,;\n]")


def name_key(name: str) -> str:
    """A name as compared with the staff register: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def split_names(text: str) -> list[str]:
    """Names written in one cell or field, separated by commas, semicolons or new lines."""
    return [n.strip() for n in _SEPARATORS.split(text) if n.strip()]


def _parts(text: str) -> tuple[str, ...]:
    """A name or cell as its comparable parts between separators (so "Kerr, Sam" is two parts)."""
    return tuple(name_key(n) for n in _SEPARATORS.split(text) if n.strip())


@dataclass(frozen=True)
class StaffMatch:
    """A "Staff involved" cell read against the register: the links, the rest as text, and names left unlinked
    because more than one current staff member has them."""

    staff_ids: tuple[StaffId, ...]
    others: str
    shared: tuple[str, ...] = ()


def link_names(text: str, register: Mapping[str, StaffId], *, stored: Mapping[str, StaffId] | None = None,
               shared: Collection[str] = ()) -> StaffMatch:
    """Names in ``text`` matched exactly (case and spacing ignored) to the register, the rest kept as text.

    ``register`` maps name_key → id for names one staff member has; ``stored`` the names of the staff
    already linked to the record being read again, tried first so a name two people share still keeps its
    link; ``shared`` the name_keys more than one staff member has (never guessed: kept as text, and
    reported). A register name that itself holds a comma ("Kerr, Sam") is matched before the cell is split
    at its commas, semicolons and new lines: the longest run of parts that is a name wins.
    """
    known: dict[tuple[str, ...], StaffId | None] = {}
    for key in shared:
        known[_parts(key)] = None
    for key, staff_id in [*register.items(), *(stored or {}).items()]:  # a stored link wins
        known[_parts(key)] = staff_id
    longest = max((len(k) for k in known), default=1)
    pieces = [n for n in _SEPARATORS.split(text) if n.strip()]
    keys = [name_key(n) for n in pieces]
    ids: list[StaffId] = []
    others: list[str] = []
    unlinked: list[str] = []
    at = 0
    while at < len(pieces):
        for size in range(min(longest, len(pieces) - at), 0, -1):
            run = tuple(keys[at:at + size])
            if run in known:
                break
        else:
            size, run = 1, (keys[at],)
        name = ", ".join(" ".join(p.split()) for p in pieces[at:at + size])
        at += size
        linked = known.get(run)
        if linked is not None:
            if linked not in ids:
                ids.append(linked)
            continue
        if run in known and name_key(name) not in {name_key(u) for u in unlinked}:
            unlinked.append(name)
        if name_key(name) not in {name_key(o) for o in others}:
            others.append(name)
    if not ids:  # nobody on the register: the text stays exactly as written
        return StaffMatch((), text.strip(), tuple(unlinked))
    return StaffMatch(tuple(sorted(ids)), ", ".join(others), tuple(unlinked))


def match_staff(text: str, register: dict[str, StaffId]) -> tuple[tuple[StaffId, ...], str]:
    """Names matched exactly (case and spacing ignored) to ``register`` (name_key → id), and the rest as text."""
    found = link_names(text, register)
    return found.staff_ids, found.others


def staff_text(incident: IncidentDetails, names: dict[StaffId, str]) -> str:
    """Everyone involved in words: the staff linked (by name), then people not on the register."""
    linked = sorted((names[s] for s in incident.staff_ids if s in names), key=str.casefold)
    return ", ".join([*linked, *([incident.staff_involved] if incident.staff_involved.strip() else [])])

"""A child named the way the app itself writes them: initials (or name), then the reference in brackets.

The window, the evidence pack's Incident log and ``due`` show a child as 'CZ (C08)' (ChildDetails.label).
An import takes that back when the reference is a child's and the words before the brackets are that
same child's initials (or their full name); a pair that names two different children is refused,
saying which child each names, since guessing would put an incident on the wrong child's record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from carehome_desk.models.children import ChildDetails

# 'CZ (C08)', 'C.Z. ( C-031 )': words with no brackets, then one bracketed reference ending the text.
_LABELLED = re.compile(r"(?P<name>[^()]*?)\s*\((?P<ref>[^()]*)\)")


def split_label(text: str) -> tuple[str, str] | None:
    """('CZ', 'C08') for 'CZ (C08)'; None for text that is not written that way."""
    found = _LABELLED.fullmatch(text.strip())
    if found is None:
        return None
    name, ref = " ".join(found["name"].split()), " ".join(found["ref"].split())
    return (name, ref) if name and ref else None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def names_child(name: str, child: ChildDetails) -> bool:
    """Whether the words before the brackets are this child's initials (dots, spaces, case aside) or full name."""
    if _letters(name) and _letters(name) == _letters(child.initials):
        return True
    return bool(child.full_name) and " ".join(name.split()).casefold() == " ".join(child.full_name.split()).casefold()


def label_problem(text: str, name: str, child: ChildDetails, children: Iterable[ChildDetails]) -> str | None:
    """None when 'name (reference)' names ``child`` (the reference's child) both ways; else why not, in words.

    ``children`` are the others the import knows (the register and the file's own Children rows): the
    message names the child the initials belong to, if any, so the manager can tell which was meant.
    """
    if names_child(name, child):
        return None
    ref = child.reference
    owners = sorted({c.reference: c for c in children if c.reference != ref and names_child(name, c)}.values(),
                    key=lambda c: c.reference)
    advice = "Check which child it was and give their reference alone"
    if owners:
        also = " and ".join(c.label() for c in owners)
        return (f"'{text}': the initials and the reference are of different children: {ref} is {child.label()}, "
                f"and {name} is {also}. {advice} (for example {owners[0].reference} or {ref}).")
    return f"'{text}': {ref} is {child.label()}, not {name}. {advice} (for example {ref})."

"""A count with its noun, in one set of words wherever the app says how many: "1 person", "2 people",
"1 record", "2,199 changes". Never "1 people" or "record(s)"."""

from __future__ import annotations

#: Nouns whose plural is not the noun plus "s" or "es".
IRREGULAR = {"person": "people", "child": "children"}


def plural(noun: str) -> str:
    """The plural of one noun (its last word for a phrase: "Ofsted notification" → "Ofsted notifications")."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        many = IRREGULAR[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        many = last + "es"
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        many = last[:-1] + "ies"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def noun_for(count: int, noun: str, many: str | None = None) -> str:
    """The word as ``count`` needs it: ``noun`` for one, else ``many`` (by default its plural; give a verb's own:
    ``noun_for(n, "is", "are")``)."""
    return noun if count == 1 else (many if many is not None else plural(noun))


def counted(count: int, noun: str, many: str | None = None) -> str:
    """"1 person", "2 people", "0 records", "2,199 changes": the count (thousands marked) and its noun."""
    return f"{count:,} {noun_for(count, noun, many)}"

"""Whom reg 40 says must be told, paragraph by paragraph, given the children's placing authorities and the home.

Reg 40(1), after a death: (a) HMCI; (b) the placing authority; (c) the Secretary of State, if
not the placing authority; (d) the local authority where the home is, if not the placing
authority; (e) the integrated care board for the home's area; (f) the Prisons and Probation
Ombudsman, if the child was in a secure children's home; (g) each other relevant person.
Reg 40(3), a DBS referral: HMCI, the placing authority, each other relevant person.
Reg 40(4)(a)-(e): HMCI and each other relevant person; the placing authority is always one
(Guide 14.14: contact it after any notifiable event), so it is kept as a fixed recipient.
"Each other relevant person" (reg 2) is the manager's judgement: the incident's own list.

Where the answer rests on something not recorded (the home's local authority, a child's
placing authority), the notice is required and the step says what to record to be sure:
telling one body too many is safer than missing one the law names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import Recipient, Reg40

HOME_LA_UNKNOWN = "record the home's local authority on Home settings to know whether this is needed"
PLACING_UNKNOWN = "record each child's placing authority on the Children page to know whether this is needed"


@dataclass(frozen=True)
class NotifyContext:
    """What reg 40 needs to know beyond the incident: who placed each child, where the home is, whether secure.

    ``placing_authorities`` has one entry per child involved ('' where not recorded);
    ``host_authority`` is the home's own local authority ('' where not recorded).
    """

    placing_authorities: tuple[str, ...] = ()
    host_authority: str = ""
    secure_home: bool = False

    @property
    def placing_known(self) -> bool:
        """Every child involved has a placing authority recorded (and there is at least one child)."""
        return bool(self.placing_authorities) and all(authority_key(p) for p in self.placing_authorities)


def notify_context(child_ids: Iterable[ChildId], children: Mapping[ChildId, ChildDetails],
                   home: HomeDetails | None) -> NotifyContext:
    """The context for one incident: its children's placing authorities and the home's authority and type."""
    placing = tuple(children[c].placing_authority if c in children else "" for c in child_ids)
    return NotifyContext(placing, home.local_authority if home else "", bool(home and home.secure))


_SUFFIX = re.compile(r"(?:\s+(?:metropolitan|borough|county|city|district))*\s+council$")
_PREFIX = re.compile(r"^(?:the\s+)?(?:(?:london|royal)\s+borough\s+of\s+|city\s+of\s+|county\s+of\s+)?")


def authority_key(name: str) -> str:
    """A local authority's name reduced for comparison.

    Case and spacing are ignored, '&' is 'and', punctuation is dropped, and a leading 'The' /
    'London Borough of' / 'City of' and a trailing 'Council' / 'County Council' / 'City Council'
    (and the like) are removed: 'Leeds City Council' and 'leeds' are the same authority. Names
    that still differ are taken to be different authorities, so the notice stays required.
    """
    text = name.casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    text = _SUFFIX.sub("", text)
    return _PREFIX.sub("", text).strip()


def same_authority(a: str, b: str) -> bool:
    """True when two names are the same local authority (both recorded, equal once reduced)."""
    key = authority_key(a)
    return bool(key) and key == authority_key(b)


_SOS = re.compile(r"\b(secretary of state|youth custody service|ycs)\b")


def is_secretary_of_state(placing_authority: str) -> bool:
    """True when a child's placing authority names the Secretary of State (e.g. the Youth Custody Service)."""
    return bool(_SOS.search(authority_key(placing_authority)))


def recipients_for(paragraph: Reg40, context: NotifyContext) -> list[Recipient]:
    """The fixed recipients one paragraph requires (other relevant persons are the incident's own list)."""
    needed = [Recipient.OFSTED, Recipient.PLACING_AUTHORITY]
    if paragraph is not Reg40.DEATH:
        return needed
    placing = context.placing_authorities
    if not context.placing_known or not all(is_secretary_of_state(p) for p in placing):
        needed.append(Recipient.SECRETARY_OF_STATE)
    host = context.host_authority
    if not context.placing_known or not authority_key(host) or not all(same_authority(p, host) for p in placing):
        needed.append(Recipient.HOST_AUTHORITY)
    needed.append(Recipient.ICB)
    if context.secure_home:
        needed.append(Recipient.PPO)
    return needed


def required_recipients(paragraphs: Iterable[Reg40], context: NotifyContext) -> list[Recipient]:
    """Everyone any of the paragraphs requires, once each, in the regulation's order."""
    wanted = {r for p in paragraphs for r in recipients_for(p, context)}
    return [r for r in Recipient if r in wanted]


def recipient_note(recipient: Recipient, paragraph: Reg40, context: NotifyContext) -> str:
    """What to record to be sure a recipient is needed, when that rests on something not recorded; else ''."""
    if paragraph is not Reg40.DEATH:
        return ""
    if recipient is Recipient.HOST_AUTHORITY:
        if not authority_key(context.host_authority):
            return f"Reg 40(1)(d): {HOME_LA_UNKNOWN}"
        if not context.placing_known:
            return f"Reg 40(1)(d): {PLACING_UNKNOWN}"
    if recipient is Recipient.SECRETARY_OF_STATE and not context.placing_known:
        return f"Reg 40(1)(c): {PLACING_UNKNOWN}"
    return ""


def not_needed(paragraphs: Iterable[Reg40], context: NotifyContext) -> list[tuple[Recipient, str]]:
    """Reg 40(1)'s recipients 'if not the placing authority' that are left out here, each with the reason.

    (The Prisons and Probation Ombudsman, needed only for a secure home, is not listed: most homes are not.)
    """
    if Reg40.DEATH not in tuple(paragraphs):
        return []
    needed = recipients_for(Reg40.DEATH, context)
    out: list[tuple[Recipient, str]] = []
    if Recipient.SECRETARY_OF_STATE not in needed:
        out.append((Recipient.SECRETARY_OF_STATE, "Reg 40(1)(c): not needed, the Secretary of State is the "
                                                  "placing authority"))
    if Recipient.HOST_AUTHORITY not in needed:
        out.append((Recipient.HOST_AUTHORITY, f"Reg 40(1)(d): not needed, {context.host_authority} is the "
                                              "placing authority"))
    return out

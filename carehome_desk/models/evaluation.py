"""Self-evaluation against the SCCIF: the manager's grades, evidence, and Ofsted's grading rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from carehome_desk.models.calendar_math import months_back_start
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import EvaluationId, HomeId

GRADE_ORDER = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]


def worse(a: Grade, b: Grade) -> bool:
    """True when ``a`` is a lower grade than ``b``."""
    return GRADE_ORDER.index(a) > GRADE_ORDER.index(b)


class LinkKind(str, Enum):
    """The record an evidence link points at."""

    METRIC = "metric"
    INCIDENT = "incident"
    STAFF = "staff"
    REG44 = "reg44"
    REG45 = "reg45"
    INSPECTION = "inspection"
    ACTION = "action"


@dataclass(frozen=True)
class EvidenceLink:
    """A link from a criterion to a record or a figure the records give."""

    kind: LinkKind
    ref: str
    label: str
    dated: date | None = None  # when the linked record happened (or the figure was taken)

    @property
    def shown(self) -> str:
        """The label as the window and the pack show it: a figure says the day it was counted.

        A figure is stored as it read on that day ('100% (476 of 478)'), so without its date it
        seems to disagree with today's figure on the dashboard.
        """
        if self.kind is LinkKind.METRIC and self.dated is not None:
            return f"{self.label} (as on {format_uk(self.dated)})"
        return self.label


@dataclass(frozen=True)
class CriterionEntry:
    """The manager's view of one criterion."""

    grade: Grade | None = None
    strengths: str = ""
    areas_to_develop: str = ""
    evidence: str = ""
    links: tuple[EvidenceLink, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """A dated self-evaluation snapshot against one framework version."""

    home_id: HomeId
    evaluated_on: date
    framework_id: str
    title: str = ""
    judgements: dict[Judgement, Grade] = field(default_factory=dict)
    entries: dict[str, CriterionEntry] = field(default_factory=dict)
    id: EvaluationId = EvaluationId(0)


def grading_conflicts(grades: dict[Judgement, Grade], manager_qualified_or_on_track: bool) -> list[str]:
    """Where the proposed grades break the SCCIF's rules, each explained ([SCCIF] judgement structure)."""
    problems = []
    overall = grades.get(Judgement.OVERALL)
    protected = grades.get(Judgement.HELPED_PROTECTED)
    leadership = grades.get(Judgement.LEADERSHIP)
    if protected is Grade.INADEQUATE and overall is not None and overall is not Grade.INADEQUATE:
        problems.append("‘How well children are helped and protected’ is a limiting judgement: when it is "
                        "inadequate, the overall judgement is inadequate.")
    if leadership is Grade.INADEQUATE and overall is not None and not worse(overall, Grade.GOOD):
        problems.append("When leadership and management is inadequate, the overall judgement is no better than "
                        "requires improvement to be good (and is likely inadequate).")
    if leadership is Grade.OUTSTANDING and not manager_qualified_or_on_track:
        problems.append("Leadership and management cannot be outstanding while the registered manager lacks the "
                        "Level 5 Diploma (or an equivalent, on-track enrolment or valid deferral) (reg 28; SCCIF).")
    return problems


@dataclass(frozen=True)
class Movement:
    """How one criterion or judgement moved between two evaluations."""

    key: str
    title: str
    before: Grade | None
    after: Grade | None
    note: str

    @property
    def direction(self) -> str:
        """'improved', 'declined', 'unchanged', 'new' or 'dropped'."""
        if self.before is None and self.after is not None:
            return "new"
        if self.after is None and self.before is not None:
            return "dropped"
        if self.before is None or self.after is None or self.before is self.after:
            return "unchanged"
        return "declined" if worse(self.after, self.before) else "improved"


def compare(earlier: Evaluation, later: Evaluation, titles: dict[str, str]) -> list[Movement]:
    """What moved between two evaluations, judgements first, then each criterion, with the later reasons."""
    out = []
    for j in Judgement:
        out.append(Movement(j.value, j.label, earlier.judgements.get(j), later.judgements.get(j), ""))
    for key in sorted(set(earlier.entries) | set(later.entries), key=lambda k: list(titles).index(k)
                      if k in titles else len(titles)):
        a = earlier.entries.get(key, CriterionEntry())
        b = later.entries.get(key, CriterionEntry())
        note = b.strengths if b.grade and a.grade and worse(a.grade, b.grade) else b.areas_to_develop
        out.append(Movement(key, titles.get(key, key), a.grade, b.grade, note))
    return out


def unevidenced(evaluation: Evaluation, criteria: list[str], today: date, months: int) -> list[str]:
    """Criteria with no evidence from the last ``months`` months: no dated link that recent.

    Free-text evidence counts only when the evaluation itself is that recent, since text
    carries no date of its own.
    """
    since = months_back_start(today, months)  # "the last 12 months", as the dashboard and the pack count it
    out = []
    for cid in criteria:
        entry = evaluation.entries.get(cid, CriterionEntry())
        recent_link = any(link.dated is not None and link.dated >= since for link in entry.links)
        recent_text = bool(entry.evidence.strip()) and evaluation.evaluated_on >= since
        if not (recent_link or recent_text):
            out.append(cid)
    return out

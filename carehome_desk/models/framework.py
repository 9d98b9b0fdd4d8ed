"""Ofsted's framework as data: judgements, criteria ('what good looks like') and the Quality Standards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carehome_desk.models.home import Judgement


@dataclass(frozen=True)
class Criterion:
    """One evaluation criterion within a judgement."""

    id: str
    judgement: Judgement
    title: str
    good: str
    evidence_areas: tuple[str, ...]
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class JudgementArea:
    """A judgement and its criteria; 'limiting' and 'graded' follow the SCCIF's own terms."""

    judgement: Judgement
    title: str
    kind: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Framework:
    """A dated version of the SCCIF for children's homes."""

    id: str
    title: str
    version_date: str
    source_url: str
    areas: tuple[JudgementArea, ...]

    def criterion(self, criterion_id: str) -> Criterion:
        """A criterion by id (KeyError if this version has no such criterion)."""
        for area in self.areas:
            for c in area.criteria:
                if c.id == criterion_id:
                    return c
        raise KeyError(criterion_id)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, in the framework's order."""
        return tuple(c for a in self.areas for c in a.criteria)


@dataclass(frozen=True)
class QualityStandard:
    """One of the nine Quality Standards (regs 6-14)."""

    reg: int
    title: str
    outcome: str
    duties: tuple[str, ...]


def framework_from_dict(data: dict[str, Any]) -> Framework:
    """Build a Framework from its data file's contents."""
    areas = []
    for j in data["judgements"]:
        judgement = Judgement(j["id"])
        criteria = tuple(Criterion(c["id"], judgement, c["title"], c["good"], tuple(c["evidence_areas"]),
                                   tuple(c["metrics"])) for c in j["criteria"])
        areas.append(JudgementArea(judgement, j["title"], j["kind"], criteria))
    return Framework(data["id"], data["title"], data["version_date"], data["source_url"], tuple(areas))


def standards_from_dict(data: dict[str, Any]) -> tuple[QualityStandard, ...]:
    """The nine standards from their data file's contents."""
    return tuple(QualityStandard(s["reg"], s["title"], s["outcome"], tuple(s["duties"])) for s in data["standards"])

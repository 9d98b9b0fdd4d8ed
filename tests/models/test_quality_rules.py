"""SCCIF grading rules, framework data, Reg 44 / Reg 45 timing and the action plan."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest

from carehome_desk.reference.framework import CURRENT_SCCIF, available_versions, quality_standards, sccif
from carehome_desk.services.evidence import last_months
from carehome_desk.models.evaluation import CriterionEntry, Evaluation, EvidenceLink, LinkKind, compare, grading_conflicts, unevidenced
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import (
    Action,
    ActionSource,
    ActionStatus,
    Finding,
    Inspection,
    InspectionKind,
    Reg44Visit,
    Reg45Review,
    action_requirement,
    actions_from_findings,
    last_full_inspection,
    no_visit_text,
    reg44_requirements,
    reg45_requirements,
    validate_action,
)
from carehome_desk.models.status import Basis, Status
from carehome_desk.paths import resources_dir

H = HomeId(1)
G, O, RI, I = Grade.GOOD, Grade.OUTSTANDING, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


@pytest.mark.parametrize("name", ["sccif-childrens-homes-2025", "quality-standards-2015"])
def test_framework_files_validate_against_the_schema(name: str) -> None:
    folder = resources_dir() / "frameworks"
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_schema_rejects_a_broken_file() -> None:
    folder = resources_dir() / "frameworks"
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    data = json.loads((folder / "sccif-childrens-homes-2025.json").read_text(encoding="utf-8"))
    data["judgements"][0]["criteria"][0].pop("good")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_framework_loads_with_three_judgements_and_unique_criteria() -> None:
    framework = sccif()
    assert [a.judgement for a in framework.areas] == list(Judgement)
    ids = [c.id for c in framework.criteria]
    assert len(ids) == len(set(ids)) >= 15
    assert framework.areas[1].kind == "limiting"
    assert CURRENT_SCCIF in available_versions()
    assert [s.reg for s in quality_standards()] == list(range(6, 15))


def test_helped_and_protected_is_limiting() -> None:
    assert grading_conflicts({Judgement.HELPED_PROTECTED: I, Judgement.OVERALL: RI}, True)
    assert grading_conflicts({Judgement.HELPED_PROTECTED: I, Judgement.OVERALL: I}, True) == []


def test_inadequate_leadership_caps_overall_at_requires_improvement() -> None:
    assert grading_conflicts({Judgement.LEADERSHIP: I, Judgement.OVERALL: G}, True)
    assert grading_conflicts({Judgement.LEADERSHIP: I, Judgement.OVERALL: RI}, True) == []


def test_no_outstanding_leadership_without_the_managers_level5() -> None:
    (problem,) = grading_conflicts({Judgement.LEADERSHIP: O}, False)
    assert "Level 5" in problem
    assert grading_conflicts({Judgement.LEADERSHIP: O}, True) == []


def test_compare_shows_what_moved_and_why() -> None:
    a = Evaluation(H, date(2026, 1, 10), CURRENT_SCCIF, judgements={Judgement.OVERALL: RI},
                   entries={"HP3": CriterionEntry(grade=RI), "LM3": CriterionEntry(grade=G)})
    b = Evaluation(H, date(2026, 7, 10), CURRENT_SCCIF, judgements={Judgement.OVERALL: G},
                   entries={"HP3": CriterionEntry(grade=G, strengths="Debriefs within 48 h"),
                            "LM3": CriterionEntry(grade=RI, areas_to_develop="Supervision slipped")})
    moves = {m.key: m for m in compare(a, b, {"HP3": "Restraint", "LM3": "Supervision"})}
    assert moves["overall"].direction == "improved"
    assert moves["HP3"].direction == "improved" and moves["HP3"].note == "Debriefs within 48 h"
    assert moves["LM3"].direction == "declined" and moves["LM3"].note == "Supervision slipped"


def test_unevidenced_criteria_by_dated_links() -> None:
    e = Evaluation(H, date(2025, 1, 1), CURRENT_SCCIF, entries={
        "HP1": CriterionEntry(links=(EvidenceLink(LinkKind.METRIC, "x", "x", date(2026, 10, 1)),)),
        "HP2": CriterionEntry(links=(EvidenceLink(LinkKind.METRIC, "x", "x", date(2025, 1, 1)),)),
        "HP3": CriterionEntry(evidence="Old text")})
    assert unevidenced(e, ["HP1", "HP2", "HP3", "HP4"], date(2026, 11, 22), 12) == ["HP2", "HP3", "HP4"]


def test_evidence_is_recent_over_the_same_12_months_as_the_dashboard_and_the_pack() -> None:
    def entry(dated: date) -> CriterionEntry:
        return CriterionEntry(links=(EvidenceLink(LinkKind.METRIC, "x", "x", dated),))

    e = Evaluation(H, date(2025, 1, 1), CURRENT_SCCIF, entries={"HP1": entry(date(2025, 12, 7)),
                                                               "HP2": entry(date(2025, 12, 8))})
    today = date(2026, 12, 7)
    assert last_months(today).start == date(2025, 12, 8)
    assert unevidenced(e, ["HP1", "HP2"], today, 12) == ["HP1"]  # a year and a day ago is outside
    leap = Evaluation(H, date(2025, 1, 1), CURRENT_SCCIF, entries={"HP1": entry(date(2027, 2, 28)),
                                                                  "HP2": entry(date(2027, 3, 1))})
    assert unevidenced(leap, ["HP1", "HP2"], date(2028, 2, 29), 12) == ["HP1"]  # from 01/03/2027


def test_reg44_report_due_end_of_the_following_month() -> None:
    assert Reg44Visit(H, "V", date(2026, 1, 31)).report_due == date(2026, 2, 28)
    assert Reg44Visit(H, "V", date(2028, 1, 5)).report_due == date(2028, 2, 29)
    assert Reg44Visit(H, "V", date(2026, 12, 15)).report_due == date(2027, 1, 31)


def test_a_month_without_a_visit_is_flagged() -> None:
    visits = [Reg44Visit(H, "V", date(2026, 8, 10), sent_to_ofsted_on=date(2026, 8, 20)),
              Reg44Visit(H, "V", date(2026, 10, 3), sent_to_ofsted_on=date(2026, 10, 9))]
    reqs = {r.key: r for r in reg44_requirements(visits, date(2026, 8, 1), date(2026, 11, 22), 30, "Oak")}
    assert reqs["reg44:visit:2026-09"].status is Status.OVERDUE
    assert reqs["reg44:visit:2026-11"].status is Status.DUE_SOON and reqs["reg44:visit:2026-11"].due == date(2026, 11, 30)
    assert "reg44:visit:2026-10" not in reqs and reqs["reg44:visit:2026-09"].basis is Basis.LAW


def test_months_with_no_visit_are_named_as_the_log_names_them() -> None:
    assert no_visit_text([]) == ""
    assert no_visit_text([date(2026, 4, 30)]) == "No visit recorded for April 2026"
    assert no_visit_text([date(2026, 6, 30), date(2026, 4, 1)]) == "No visit recorded for April and June 2026"
    assert (no_visit_text([date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)])
            == "No visit recorded for December 2025, January 2026 and February 2026")
    many = [date(2025, month, 1) for month in range(1, 13)] + [date(2026, 1, 1), date(2026, 1, 31)]
    assert no_visit_text(many) == "No visit recorded for 13 months, January 2025 to January 2026"


def test_unsent_reg44_report_is_due_then_overdue() -> None:
    visit = Reg44Visit(H, "V", date(2026, 9, 30))
    (report,) = [r for r in reg44_requirements([visit], date(2026, 9, 1), date(2026, 10, 31), 30, "Oak")
                 if r.key.startswith("reg44:report")]
    assert report.due == date(2026, 10, 31) and report.status is Status.DUE_SOON
    (late,) = [r for r in reg44_requirements([visit], date(2026, 9, 1), date(2026, 11, 1), 30, "Oak")
               if r.key.startswith("reg44:report")]
    assert late.status is Status.OVERDUE and late.basis is Basis.GUIDANCE


def test_reg45_every_six_months_and_report_within_28_days() -> None:
    review = Reg45Review(H, date(2026, 1, 1), date(2026, 6, 30), completed_on=date(2026, 7, 10))
    reqs = {r.key: r for r in reg45_requirements([review], date(2020, 1, 1), date(2026, 8, 7), 30, "Oak")}
    assert reqs["reg45:review"].due == date(2027, 1, 10)
    report = [r for k, r in reqs.items() if k.startswith("reg45:report")][0]
    assert report.due == date(2026, 8, 7) and report.status is Status.DUE_SOON
    later = [r for r in reg45_requirements([review], None, date(2026, 8, 8), 30, "Oak") if "report" in r.key]
    assert later[0].status is Status.OVERDUE


def test_actions_and_findings() -> None:
    req = Action(H, "Sign restraint records within 48 h", "RM", date(2026, 12, 1), ActionSource.OFSTED_REQUIREMENT,
                 regulation="Reg 35(3)(b)")
    assert validate_action(req, date(2026, 11, 22)) == {}
    assert "regulation" in validate_action(Action(H, "x", "RM", date(2026, 12, 1), ActionSource.OFSTED_REQUIREMENT),
                                           date(2026, 11, 22))
    item = action_requirement(req, date(2026, 12, 2), 30)
    assert item is not None and item.status is Status.OVERDUE and item.basis is Basis.LAW
    from dataclasses import replace

    assert action_requirement(replace(req, status=ActionStatus.DONE, completed_on=date(2026, 11, 30)),
                              date(2026, 12, 2), 30) is None
    inspection = Inspection(H, date(2026, 4, 9), findings=(Finding("Supervise", True, "Reg 33(4)(b)", date(2026, 6, 1)),
                                                          Finding("Views in Reg 45", False, "Guide 15.4")))
    made = actions_from_findings(inspection, "RM")
    assert [(a.source, a.due) for a in made] == [(ActionSource.OFSTED_REQUIREMENT, date(2026, 6, 1)),
                                                (ActionSource.OFSTED_RECOMMENDATION, date(2026, 7, 9))]
    assurance = Inspection(H, date(2026, 10, 1), InspectionKind.ASSURANCE)
    assert last_full_inspection([assurance, inspection]) == inspection


@pytest.mark.parametrize(("source", "ref", "detail"), [
    (ActionSource.OFSTED_REQUIREMENT, "inspection 24/04/2026", "Open; from an Ofsted requirement, inspection 24/04/2026"),
    (ActionSource.OFSTED_RECOMMENDATION, "inspection 24/04/2026",
     "Open; from an Ofsted recommendation, inspection 24/04/2026"),
    (ActionSource.REG44, "visit 24/02/2026", "Open; from a Reg 44 recommendation, visit 24/02/2026"),
    (ActionSource.REG45, "", "Open; from a Reg 45 review"),
    (ActionSource.SELF_EVALUATION, "HP3", "Open; from self-evaluation, HP3"),
    (ActionSource.OTHER, "team meeting 02/11/2026", "Open; from team meeting 02/11/2026"),
    (ActionSource.OTHER, "", "Open"),
])
def test_an_actions_detail_keeps_the_capitals_of_ofsted_and_the_regulations(source: ActionSource, ref: str,
                                                                             detail: str) -> None:
    action = Action(H, "Supervise monthly", "RM", date(2026, 12, 1), source, source_ref=ref,
                    regulation="Reg 33(4)(b)" if source is ActionSource.OFSTED_REQUIREMENT else "")
    item = action_requirement(action, date(2026, 11, 22), 30)
    assert item is not None and item.detail == detail

"""What makes an evidence pack a DRAFT: every gap in law or statutory guidance that `due` lists as Overdue
or Missing; a provider-policy gap is listed on the cover apart and does not make it one."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carehome_desk.export.evidence_pack import POLICY_LABEL, PackOptions, export_pack
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.evaluation import Evaluation
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import IncidentDetails, IncidentType, MissingDetails
from carehome_desk.models.quality import Action, ActionSource, Reg44Visit, Reg45Review
from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Basis, Status
from carehome_desk.services.due import due_items
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026
LINE = re.compile(r"Oak Lodge( \(practice, not law\))?: (\d+) (overdue|missing) [^(]+ \((.*)\)")


@pytest.fixture
def home(store: Store) -> Home:
    home, _ = store.homes.add(oak_lodge())
    return home


def cover_rows(path: Path) -> list[tuple[str, str]]:
    """The cover's first two columns, reopened from the saved workbook."""
    ws = load_workbook(path)["Cover"]
    return [(str(a or ""), str(b or "")) for a, b, *_ in ws.iter_rows(min_row=2, values_only=True)]


def test_missing_statutory_checks_and_interviews_make_the_pack_a_draft_worded_missing(
        store: Store, home: Home, tmp_path: Path) -> None:
    worker, _ = store.staff.add(home.id, StaffDetails("Dan Hart", StaffRole.RESIDENTIAL_WORKER, date(2026, 6, 1),
                                                      care_started_on=date(2026, 6, 1)))
    for kind in CheckKind:  # every check but the second reference (Schedule 2 para 3)
        if kind is not CheckKind.REFERENCE_SECOND:
            store.workforce.save_check(RecruitmentCheck(worker.id, kind, done=True, done_date=date(2026, 5, 10),
                                                        verified_by="Priya Fairbairn"))
    kid, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2010, 1, 1), date(2022, 1, 5)))
    back = FIXED_NOW - timedelta(days=6)
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.MISSING, back - timedelta(hours=5), (kid.id,), "Did not come back from school",
        notifiable=False, reg40_rationale="Back the same evening, unharmed",
        details=MissingDetails(returned_at=back, rhi_not_offered=True)))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 11, 1)))

    assert result.draft
    assert "Oak Lodge: 1 missing recruitment check (Second written reference: 1)" in result.gaps
    assert "Oak Lodge: 1 missing incident step (Return home interview offered: 1)" in result.gaps
    # Every Overdue or Missing item of `due` is counted once, on the banner (law, guidance) or apart (policy).
    wanted = Counter((r.basis is Basis.PRACTICE, r.status.value, r.requirement)
                     for r in (i.requirement for i in due_items(store, TODAY))
                     if r.status in (Status.OVERDUE, Status.MISSING) and not r.key.startswith("reg44:visit:"))
    assert wanted[False, "missing", "Second written reference"] == 1
    assert wanted[False, "missing", "Return home interview offered"] == 1
    listed: Counter[tuple[bool, str, str]] = Counter()
    for policy, lines in ((False, result.gaps), (True, result.policy)):
        for line in lines:
            if (m := LINE.fullmatch(line)):
                assert bool(m[1]) is policy
                parts = [part.rsplit(": ", 1) for part in m[4].split("; ")]
                assert sum(int(n) for _, n in parts) == int(m[2])  # the line's count is what it lists
                listed.update({(policy, m[3], kind): int(n) for kind, n in parts})
    assert listed == wanted
    rows = cover_rows(out)
    assert rows[0][0] == "DRAFT — evidence incomplete"
    assert [b for _, b in rows[:len(result.gaps)]] == result.gaps


def test_a_pack_behind_only_on_provider_policy_is_not_a_draft_and_the_cover_lists_it_apart(
        store: Store, home: Home, tmp_path: Path) -> None:
    # Nothing missing in law for November: a self-evaluation, this month's Reg 44 visit and its report sent,
    # a Reg 45 review done and sent. Only an action from a Reg 44 recommendation is late (tracking those
    # as actions is the provider's practice).
    store.quality.save_evaluation(Evaluation(home.id, date(2026, 9, 1), "sccif-childrens-homes-2025", "September"))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 11, 5),
                                        report_received_on=date(2026, 11, 9), sent_to_ofsted_on=date(2026, 11, 10)))
    store.quality.save_review(Reg45Review(home.id, date(2026, 3, 1), date(2026, 8, 31), completed_on=date(2026, 9, 20),
                                          sent_to_ofsted_on=date(2026, 10, 1)))
    store.quality.save_action(Action(home.id, "Repaint the lounge with the children", "Sam", date(2026, 11, 1),
                                     ActionSource.REG44, "visit 05/11/2026"))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 11, 1)))

    late = "Oak Lodge (practice, not law): 1 overdue action (Repaint the lounge with the children: 1)"
    assert (result.draft, result.gaps, result.policy) == (False, [], [late])
    rows = cover_rows(out)
    assert not [r for r in rows if "DRAFT" in r[0] + r[1]]
    assert dict(rows)[POLICY_LABEL] == late

    # An Ofsted requirement cites a regulation: the same area, late, is a gap in law and makes it a draft.
    store.quality.save_action(Action(home.id, "Record every restraint in full", "Sam", date(2026, 11, 10),
                                     ActionSource.OFSTED_REQUIREMENT, "inspection 22/04/2026",
                                     regulation="Reg 35(3)(a)"))
    again = tmp_path / "again.xlsx"

    result = export_pack(store, PackOptions(again, start=date(2026, 11, 1)))

    statutory = "Oak Lodge: 1 overdue action (Record every restraint in full: 1)"
    assert (result.draft, result.gaps, result.policy) == (True, [statutory], [late])
    rows = cover_rows(again)
    assert rows[0] == ("DRAFT — evidence incomplete", statutory)
    assert dict(rows)[POLICY_LABEL] == late


def test_a_reg44_report_not_sent_to_ofsted_is_on_the_banner_beside_the_missed_months(
        store: Store, home: Home, tmp_path: Path) -> None:
    # September's visit's report was due with Ofsted by the end of October (statutory guidance); October had no visit.
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 9, 5)))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 11, 5),
                                        sent_to_ofsted_on=date(2026, 11, 10)))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 9, 1)))

    report = "Oak Lodge: 1 overdue Reg 44 report (Reg 44 report for 05/09/2026 sent to Ofsted: 1)"
    assert [g for g in result.gaps if "Reg 44 report" in g] == [report]
    assert len([g for g in result.gaps if "no Reg 44 visit recorded" in g]) == 1  # October, on its own line
    assert report in [b for a, b in cover_rows(out)]

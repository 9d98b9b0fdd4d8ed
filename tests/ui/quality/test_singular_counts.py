"""One of anything is said in the singular on the Quality pages and in the evidence pack's gaps: "1 finding",
"0 of 1 action done", "1 link", never "1 findings"."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.evaluation import CriterionEntry, EvidenceLink, LinkKind
from carehome_desk.models.quality import Finding, Inspection, Reg44Visit
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.criteria_tree_model import evidence_text
from carehome_desk.ui.quality.evidence_link_dialog import candidates
from tests.ui.quality.test_quality_page import home_id, quality


def test_an_inspection_with_one_finding_is_counted_in_the_singular(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    home_store.quality.save_inspection(Inspection(hid, date(2026, 4, 9), findings=(
        Finding("Keep supervision records", True, "Reg 33(4)(b)", date(2026, 6, 8)),)), owner="Priya Fairbairn")
    page = quality(window)
    page.show_tab(page.inspections)
    page.inspections.reload()
    page.inspections.table.selectRow(0)
    title = page.inspections.finding_title.text()
    assert "0 of 1 action done" in title and "actions" not in title
    home = home_store.homes.list()[0]
    ((link, tooltip),) = candidates(home_store, home, LinkKind.INSPECTION, {}, date(2026, 11, 1))
    assert tooltip == "1 finding"


def test_one_reg44_visit_still_to_reach_ofsted_is_one_report(window: MainWindow, home_store: Store) -> None:
    home_store.quality.save_visit(Reg44Visit(home_id(home_store), "David Okoro", date(2026, 10, 20),
                                             report_received_on=date(2026, 10, 27)))  # due at Ofsted by 30/11
    page = quality(window)
    page.show_tab(page.reg44)
    page.reg44.reload()
    summary = page.reg44.summary.text()
    assert summary.startswith("1 visit recorded")
    assert "1 report still to reach Ofsted" in summary


def test_a_criterion_with_one_link_shows_one_link() -> None:
    link = EvidenceLink(LinkKind.METRIC, "incidents", "Incidents: 4", date(2026, 11, 1))
    assert evidence_text(CriterionEntry(links=(link,)), unevidenced=False) == "1 link"
    assert evidence_text(CriterionEntry(links=(link, link), evidence="Seen"), unevidenced=False) == "2 links + notes"

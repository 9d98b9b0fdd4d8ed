"""Importing the quality workbook (Reg 44, Reg 45, inspections) into a real store: round trip, bad rows, twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.importing.quality import import_quality, write_quality_template
from carehome_desk.importing.result import ImportFileError, ImportResult
from carehome_desk.models.audit import AuditAction
from carehome_desk.models.changes import Register
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import ActionSource, ActionStatus, Finding, Inspection, InspectionKind, Reg44Visit
from carehome_desk.progress import Progress
from carehome_desk.store import Store
from tests.importing.conftest import audit_count, fill

GOOD = {
    "Reg 44 visits": [
        ["Margaret Ellis", "05/10/2026", "N", date(2026, 10, 12), "20/10/2026",  # a date cell, as Excel makes
         "Children are effectively safeguarded; the home promotes their well-being.",
         "Update the risk assessment for C-031\n- Refresh the lounge with the children"],
        ["Margaret Ellis", "3.11.26", "Y", None, None, "Safeguarded; well-being promoted."],
    ],
    "Reg 45 reviews": [
        ["01/04/2026", "30/09/2026", "10/10/2026", "20/10/2026", "Focus: missing episodes.\nActions: see plan."],
    ],
    "Inspections": [
        ["09/09/2026", "Full", "Good", "good", "Requires improvement to be good"],
        ["15/01/2026", "Assurance inspection", None, None, None, "does not have serious or widespread concerns"],
        ["20/06/2025", "Monitoring", None, None, None, None, "Compliance notice served"],
    ],
    "Inspection findings": [
        ["09/09/2026", None, "Requirement", "The registered person must ensure staff receive regular supervision.",
         "Reg 33(4)(b)", "30/11/2026"],
        ["09/09/2026", "Full", "Recommendation", "Improve the recording of children's views.", "Guide 15.4"],
    ],
}


@pytest.fixture
def quality_template(tmp_path: Path) -> Path:
    path = tmp_path / "quality.xlsx"
    write_quality_template(path)
    return path


def imported(store: Store, path: Path, home_id: HomeId, **kw: object) -> ImportResult:
    return import_quality(store, path, home_id, **kw)  # type: ignore[arg-type]


def counts(result: ImportResult) -> dict[str, tuple[int, int, int, int]]:
    return {name: (c.added, c.updated, c.unchanged, c.failed) for name, c in result.sheets.items()}


def everything(store: Store, home_id: HomeId) -> tuple[object, ...]:
    q = store.quality
    return q.visits(home_id), q.reviews(home_id), q.inspections(home_id), q.actions(home_id), store.homes.get(home_id)


def test_template_filled_in_round_trips_into_the_store(store: Store, home_id: HomeId, quality_template: Path) -> None:
    result = imported(store, fill(quality_template, GOOD), home_id)
    assert result.errors == [] and result.written, result.report()
    assert counts(result) == {"Reg 44 visits": (2, 0, 0, 0), "Reg 45 reviews": (1, 0, 0, 0),
                              "Inspections": (3, 0, 0, 0), "Inspection findings": (2, 0, 0, 0)}
    assert result.changes.touches(Register.QUALITY, Register.HOMES)

    first, second = store.quality.visits(home_id)
    assert (first.visitor, first.visited_on, first.announced, first.report_received_on, first.sent_to_ofsted_on) == (
        "Margaret Ellis", date(2026, 10, 5), False, date(2026, 10, 12), date(2026, 10, 20))
    assert first.safeguarded_opinion.startswith("Children are effectively safeguarded")
    assert first.recommendations == ("Update the risk assessment for C-031", "Refresh the lounge with the children")
    assert (second.visited_on, second.announced, second.recommendations) == (date(2026, 11, 3), True, ())

    (review,) = store.quality.reviews(home_id)
    assert (review.period_start, review.period_end, review.completed_on, review.sent_to_ofsted_on) == (
        date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 10), date(2026, 10, 20))
    assert review.summary == "Focus: missing episodes.\nActions: see plan."

    monitoring, assurance, full = store.quality.inspections(home_id)
    assert (monitoring.kind, monitoring.assurance_outcome) == (InspectionKind.MONITORING, "Compliance notice served")
    assert (assurance.kind, assurance.assurance_outcome, assurance.judgements) == (
        InspectionKind.ASSURANCE, "does not have serious or widespread concerns", {})
    assert full.judgements == {Judgement.OVERALL: Grade.GOOD, Judgement.HELPED_PROTECTED: Grade.GOOD,
                               Judgement.LEADERSHIP: Grade.REQUIRES_IMPROVEMENT}
    assert full.findings == (
        Finding("The registered person must ensure staff receive regular supervision.", True, "Reg 33(4)(b)",
                date(2026, 11, 30)),
        Finding("Improve the recording of children's views.", False, "Guide 15.4"))

    # The same path as the Quality page: a newer full inspection becomes the home's last one...
    home = store.homes.get(home_id)
    assert home.last_inspection_date == date(2026, 9, 9)
    assert home.last_inspection_grades == full.judgements
    # ...and recommendations and findings become actions for the registered manager.
    actions = {(a.title, a.source, a.owner, a.due) for a in store.quality.actions(home_id)}
    assert actions == {
        ("Update the risk assessment for C-031", ActionSource.REG44, "Priya Fairbairn", date(2026, 11, 5)),
        ("Refresh the lounge with the children", ActionSource.REG44, "Priya Fairbairn", date(2026, 11, 5)),
        ("The registered person must ensure staff receive regular supervision.", ActionSource.OFSTED_REQUIREMENT,
         "Priya Fairbairn", date(2026, 11, 30)),
        ("Improve the recording of children's views.", ActionSource.OFSTED_RECOMMENDATION, "Priya Fairbairn",
         date(2026, 12, 9)),
    }
    audited = {e.table for e in store.audit.entries()}
    assert {"reg44_visits", "reg45_reviews", "inspections", "actions", "homes"} <= audited


def test_importing_the_same_file_twice_changes_nothing(store: Store, home_id: HomeId, quality_template: Path) -> None:
    path = fill(quality_template, GOOD)
    imported(store, path, home_id)
    before = everything(store, home_id), audit_count(store)
    again = imported(store, path, home_id)
    assert again.errors == [] and not again.written and not again.would_change
    assert counts(again) == {"Reg 44 visits": (0, 0, 2, 0), "Reg 45 reviews": (0, 0, 1, 0),
                             "Inspections": (0, 0, 3, 0), "Inspection findings": (0, 0, 2, 0)}
    assert (everything(store, home_id), audit_count(store)) == before
    assert "Nothing new to import: everything in the file is already recorded." in again.report()


def test_a_dry_run_reports_and_writes_nothing(store: Store, home_id: HomeId, quality_template: Path) -> None:
    path = fill(quality_template, GOOD)
    before = everything(store, home_id), audit_count(store)
    result = imported(store, path, home_id, dry_run=True)
    assert result.would_change and not result.written and result.errors == []
    assert counts(result)["Inspections"] == (3, 0, 0, 0)
    assert (everything(store, home_id), audit_count(store)) == before
    report = result.report()
    assert "Would add" in report and "Dry run: nothing was written." in report


BAD = {
    "Reg 44 visits": [
        ["Margaret Ellis", "05/10/2026", "N"],                       # row 2: good
        ["Margaret Ellis", "31/02/2026"],                            # row 3: impossible date
        ["Margaret Ellis", "01/12/2026"],                            # row 4: in the future
        ["David Okoro", "01/09/2026", "Maybe"],                      # row 5: not Y/N
        ["David Okoro", "02/09/2026", "Y", "01/09/2026"],            # row 6: report before the visit
    ],
    "Reg 45 reviews": [
        ["01/04/2026", "30/09/2026", "01/12/2026"],                  # row 2: completed in the future
        ["01/04/2026", "30/03/2026"],                                # row 3: ends before it starts
    ],
    "Inspections": [
        ["09/09/2026", "Full", "Good", "Requires improvement", "Satisfactory"],  # row 2: two grades not Ofsted's
        ["01/12/2026", "Full", "Good"],                              # row 3: in the future
        ["15/01/2026", "Assurance", "Good", None, None, "has serious or widespread concerns"],  # row 4: graded
        ["20/06/2025", "Interim"],                                   # row 5: not a type
        ["21/06/2025", "Full", None, None, None, None, "Notice served"],  # row 6: monitoring outcome on a full one
    ],
    "Inspection findings": [
        ["09/09/2026", None, "Requirement", "Supervise staff monthly."],          # row 2: no regulation; bad inspection
        ["01/01/2020", None, "Recommendation", "Keep better records.", "Guide 15.4"],  # row 3: no such inspection
        ["21/06/2025", None, "Advice", "Something."],                              # row 4: not a kind
    ],
}


def test_every_bad_row_is_reported_by_sheet_row_and_column_and_nothing_is_written(
        store: Store, home_id: HomeId, quality_template: Path) -> None:
    before = everything(store, home_id), audit_count(store)
    result = imported(store, fill(quality_template, BAD), home_id)
    assert not result.written
    assert (everything(store, home_id), audit_count(store)) == before
    located = {(e.sheet, e.row, e.column) for e in result.errors}
    assert located == {
        ("Reg 44 visits", 3, "Visit date"), ("Reg 44 visits", 4, "Visit date"), ("Reg 44 visits", 5, "Announced"),
        ("Reg 44 visits", 6, "Report received"),
        ("Reg 45 reviews", 2, "Completed"), ("Reg 45 reviews", 3, "Period to"),
        ("Inspections", 2, "How well children are helped and protected"),
        ("Inspections", 2, "The effectiveness of leaders and managers"),
        ("Inspections", 3, "Date"), ("Inspections", 4, "Overall experiences and progress of children"),
        ("Inspections", 5, "Type"), ("Inspections", 6, "Monitoring outcome"),
        ("Inspection findings", 2, "Inspection date"), ("Inspection findings", 3, "Inspection date"),
        ("Inspection findings", 4, "Requirement or recommendation"),
    }
    messages = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "31/02/2026" in messages[("Reg 44 visits", 3, "Visit date")]
    assert messages[("Reg 44 visits", 4, "Visit date")] == "The visit date is in the future."
    assert messages[("Inspections", 3, "Date")] == "The inspection date is in the future."
    assert messages[("Reg 45 reviews", 2, "Completed")] == "The completion date is in the future."
    assert messages[("Inspections", 4, "Overall experiences and progress of children")].startswith(
        "an assurance inspection is not graded")
    assert messages[("Inspections", 6, "Monitoring outcome")] == (
        "this is for a monitoring inspection, and this one is a full inspection. Clear this cell, or change the Type.")
    assert messages[("Inspection findings", 2, "Inspection date")] == (
        "the Inspections sheet's row 2 for it could not be imported.")
    assert messages[("Inspection findings", 3, "Inspection date")] == (
        "no inspection on 01/01/2020 is on the Inspections sheet or already recorded.")
    assert counts(result) == {"Reg 44 visits": (1, 0, 0, 4), "Reg 45 reviews": (0, 0, 0, 2),
                              "Inspections": (0, 0, 0, 5), "Inspection findings": (0, 0, 0, 3)}
    report = result.report(skip_hint="import with --skip-bad-rows")
    assert "Reg 44 visits row 5, column 'Announced': 'Maybe' is not one of: Y, N." in report
    assert "Nothing was written, because some rows have problems." in report


def test_a_grade_not_in_ofsteds_words_is_refused_with_the_words_listed(store: Store, home_id: HomeId,
                                                                      quality_template: Path) -> None:
    path = fill(quality_template, {"Inspections": [["09/09/2026", "Full", "RI", "Good", "Requires improvement"]]})
    result = imported(store, path, home_id)
    allowed = "Outstanding, Good, Requires improvement to be good, Inadequate."
    assert [str(e) for e in result.errors] == [
        f"Inspections row 2, column 'Overall experiences and progress of children': 'RI' is not one of: {allowed}",
        f"Inspections row 2, column 'The effectiveness of leaders and managers': 'Requires improvement' is not one "
        f"of: {allowed}",
    ]
    assert store.quality.inspections(home_id) == []


def test_a_future_date_is_refused(store: Store, home_id: HomeId, quality_template: Path) -> None:
    path = fill(quality_template, {
        "Reg 44 visits": [["Margaret Ellis", "23/11/2026"]],  # tomorrow, by the store's clock (22/11/2026)
        "Reg 45 reviews": [["01/05/2026", "31/10/2026", "23/11/2026"]],
        "Inspections": [["23/11/2026", "Monitoring"]],
    })
    result = imported(store, path, home_id, skip_bad_rows=True)
    assert [(e.sheet, e.column, e.message) for e in result.errors] == [
        ("Reg 44 visits", "Visit date", "The visit date is in the future."),
        ("Reg 45 reviews", "Completed", "The completion date is in the future."),
        ("Inspections", "Date", "The inspection date is in the future."),
    ]
    assert not result.written and everything(store, home_id)[:3] == ([], [], [])


def test_skip_bad_rows_writes_only_the_good_ones(store: Store, home_id: HomeId, quality_template: Path) -> None:
    result = imported(store, fill(quality_template, BAD), home_id, skip_bad_rows=True)
    assert result.written and result.errors
    assert [(v.visitor, v.visited_on) for v in store.quality.visits(home_id)] == [("Margaret Ellis", date(2026, 10, 5))]
    assert store.quality.inspections(home_id) == [] and store.quality.reviews(home_id) == []
    assert "The good rows were imported; the rows listed above were left out." in result.report()


def test_changed_cells_update_and_blank_cells_never_clear(store: Store, home_id: HomeId, quality_template: Path,
                                                         tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    first.write_bytes(quality_template.read_bytes())
    imported(store, fill(first, GOOD), home_id)
    actions_before = len(store.quality.actions(home_id))
    path = fill(quality_template, {
        # Matched by date and visitor (any capitals); a third recommendation; the report now sent.
        "Reg 44 visits": [["MARGARET ELLIS", "05/10/2026", None, None, None, None,
                           "Update the risk assessment for C-031\nRefresh the lounge with the children\n"
                           "Review the night rota"],
                          ["Margaret Ellis", "03/11/2026", None, None, "20/11/2026"]],
        "Reg 45 reviews": [["01/04/2026", "30/09/2026"]],  # nothing but the period: unchanged
        "Inspections": [["09/09/2026", "Full", None, None, "Good"]],  # one grade changed, the others kept
        "Inspection findings": [["09/09/2026", None, "requirement",
                                 "The registered person must ensure staff receive regular supervision.", None,
                                 "15/12/2026"]],
    })
    result = imported(store, path, home_id)
    assert result.errors == [] and result.written
    assert counts(result) == {"Reg 44 visits": (0, 2, 0, 0), "Reg 45 reviews": (0, 0, 1, 0),
                              "Inspections": (0, 1, 0, 0), "Inspection findings": (0, 1, 0, 0)}
    first_visit, second_visit = store.quality.visits(home_id)
    assert first_visit.visitor == "Margaret Ellis" and first_visit.report_received_on == date(2026, 10, 12)
    assert first_visit.recommendations[-1] == "Review the night rota"
    assert second_visit.sent_to_ofsted_on == date(2026, 11, 20) and second_visit.announced is True
    full = store.quality.inspections(home_id)[-1]
    assert full.judgements[Judgement.LEADERSHIP] is Grade.GOOD
    assert full.judgements[Judgement.OVERALL] is Grade.GOOD
    assert full.findings[0].regulation == "Reg 33(4)(b)" and full.findings[0].due == date(2026, 12, 15)
    assert len(full.findings) == 2
    assert store.homes.get(home_id).last_inspection_grades[Judgement.LEADERSHIP] is Grade.GOOD
    # Only the new recommendation became an action; the findings already had theirs.
    assert len(store.quality.actions(home_id)) == actions_before + 1


def test_records_already_entered_in_the_app_are_matched(store: Store, home_id: HomeId,
                                                        quality_template: Path) -> None:
    store.quality.save_visit(Reg44Visit(home_id, "Margaret Ellis", date(2026, 10, 5)))
    inspection, _ = store.quality.save_inspection(Inspection(home_id, date(2026, 9, 9), InspectionKind.FULL,
                                                             {Judgement.OVERALL: Grade.GOOD}))
    path = fill(quality_template, {
        "Reg 44 visits": [["Margaret Ellis", "05/10/2026"]],
        "Inspection findings": [["09/09/2026", None, "Recommendation", "Improve the recording of children's views."]],
    })
    result = imported(store, path, home_id)
    assert counts(result) == {"Reg 44 visits": (0, 0, 1, 0), "Reg 45 reviews": (0, 0, 0, 0),
                              "Inspections": (0, 0, 0, 0), "Inspection findings": (1, 0, 0, 0)}
    (after,) = store.quality.inspections(home_id)
    assert after.id == inspection.id and after.judgements == {Judgement.OVERALL: Grade.GOOD}
    assert after.findings == (Finding("Improve the recording of children's views.", False),)
    assert [a.title for a in store.quality.actions(home_id)] == ["Improve the recording of children's views."]


def test_an_older_full_inspection_leaves_home_settings_alone(store: Store, home_id: HomeId,
                                                             quality_template: Path) -> None:
    home = store.homes.get(home_id)
    result = imported(store, fill(quality_template, {"Inspections": [["01/03/2025", "Full", "Inadequate"]]}), home_id)
    assert result.written and not result.changes.touches(Register.HOMES)
    after = store.homes.get(home_id)
    assert (after.last_inspection_date, after.last_inspection_grades) == (home.last_inspection_date,
                                                                         home.last_inspection_grades)


def test_an_archived_visit_is_not_brought_back(store: Store, home_id: HomeId, quality_template: Path) -> None:
    visit, _ = store.quality.save_visit(Reg44Visit(home_id, "Margaret Ellis", date(2026, 10, 5)))
    store.quality.archive("reg44_visits", int(visit.id), "Entered for the wrong home")
    result = imported(store, fill(quality_template, {"Reg 44 visits": [["Margaret Ellis", "05/10/2026"]]}), home_id)
    assert [str(e) for e in result.errors] == [
        "Reg 44 visits row 2, column 'Visit date': this visit was archived as entered in error (Entered for the wrong "
        "home), so it is not imported again."]
    assert store.quality.visits(home_id) == []


def test_the_same_visit_twice_with_different_details_is_a_row_error(store: Store, home_id: HomeId,
                                                                    quality_template: Path) -> None:
    path = fill(quality_template, {"Reg 44 visits": [["Margaret Ellis", "05/10/2026", "Y"],
                                                     ["Margaret Ellis", "05/10/2026", "N"]]})
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Reg 44 visits row 3: row 2 already has this record with different details; keep one of them."]


def test_a_cancel_part_way_through_writing_writes_nothing(store: Store, home_id: HomeId,
                                                          quality_template: Path) -> None:
    visits = [[f"Visitor {n}", date(2020, 1, 1).replace(year=2020 + n // 12, month=n % 12 + 1)] for n in range(60)]
    path = fill(quality_template, {"Reg 44 visits": visits})
    audit_before = audit_count(store)

    def on_report(done: int, total: int, text: str) -> None:
        if text.startswith("Saving") and done >= 50:
            progress.cancel()  # 50 visits are already inserted inside the transaction

    progress = Progress(on_report)
    result = imported(store, path, home_id, progress=progress)
    assert result.cancelled and not result.written
    assert store.quality.visits(home_id) == [] and audit_count(store) == audit_before


def test_text_that_looks_like_a_formula_is_kept_as_text(store: Store, home_id: HomeId,
                                                        quality_template: Path) -> None:
    wb = openpyxl.load_workbook(quality_template)
    ws = wb["Reg 44 visits"]
    ws.append(["Margaret Ellis", "05/10/2026", None, None, None, None, None])
    cell = ws.cell(2, 7, "=HYPERLINK(\"http://x.test\",\"Click\")")
    cell.data_type = "s"  # typed as text, as a manager whose cell started with '=' and was quoted
    wb.save(quality_template)
    result = imported(store, quality_template, home_id)
    assert result.errors == [], result.report()
    (visit,) = store.quality.visits(home_id)
    assert visit.recommendations == ("=HYPERLINK(\"http://x.test\",\"Click\")",)


def test_a_workbook_without_the_quality_sheets_is_explained(store: Store, home_id: HomeId,
                                                            incidents_template: Path) -> None:
    with pytest.raises(ImportFileError, match="has none of the sheets the quality import reads .* carehome-desk "
                                              "template quality --out FILE.xlsx"):
        imported(store, incidents_template, home_id)


def test_the_blank_template_imports_as_nothing(store: Store, home_id: HomeId, quality_template: Path) -> None:
    result = imported(store, quality_template, home_id)
    assert result.errors == [] and not result.would_change and not result.written
    assert list(result.sheets) == ["Reg 44 visits", "Reg 45 reviews", "Inspections", "Inspection findings"]


def test_findings_need_a_regulation_a_date_after_the_inspection_and_one_inspection(
        store: Store, home_id: HomeId, quality_template: Path) -> None:
    path = fill(quality_template, {
        "Inspections": [["09/09/2026", "Full"], ["09/09/2026", "Monitoring"]],
        "Inspection findings": [
            ["09/09/2026", "Full", "Requirement", "Supervise staff monthly."],
            ["09/09/2026", "Full", "Recommendation", "Keep better records.", None, "01/09/2026"],
            ["09/09/2026", None, "Recommendation", "Review the statement of purpose."],
            ["09/09/2026", "Monitoring", "Recommendation", "Review the statement of purpose."],
        ]})
    result = imported(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Inspection findings row 2, column 'Regulation or paragraph': a requirement cites the regulation it was made "
        "under: give it (for example Reg 12(2)(a)).",
        "Inspection findings row 3, column 'Compliance date': this is before the inspection (09/09/2026).",
        "Inspection findings row 4, column 'Inspection type': there are full and monitoring inspections on "
        "09/09/2026: say which this finding belongs to.",
    ]
    assert counts(result)["Inspection findings"] == (1, 0, 0, 3)


def test_text_longer_than_its_column_is_refused(store: Store, home_id: HomeId, quality_template: Path) -> None:
    path = fill(quality_template, {"Reg 44 visits": [["M" * 201, "05/10/2026"]],
                                   "Inspections": [["20/06/2025", "Monitoring", None, None, None, None, "x" * 250]]})
    result = imported(store, path, home_id)
    assert [(e.column, e.message) for e in result.errors] == [
        ("Visitor", "this is 201 characters long; it can be at most 200. Shorten it."),
        ("Monitoring outcome", "this is 250 characters long; it can be at most 200. Shorten it."),
    ]


def test_the_template_reads_back_the_same_in_a_second_reader(quality_template: Path) -> None:
    from python_calamine import CalamineWorkbook

    from carehome_desk.importing.quality_sheets import SHEETS

    book = CalamineWorkbook.from_path(str(quality_template))
    assert book.sheet_names == ["Instructions", *(s.name for s in SHEETS)]
    for spec in SHEETS:
        (header,) = book.get_sheet_by_name(spec.name).to_python()
        assert header == [c.header for c in spec.columns]
    instructions = [row for row in book.get_sheet_by_name("Instructions").to_python() if any(row)]
    text = "\n".join(" | ".join(str(v) for v in row if v != "") for row in instructions)
    assert "Requires improvement to be good" in text and "carehome-desk import quality FILE.xlsx --dry-run" in text
    for spec in SHEETS:
        for column in spec.columns:
            assert f"{spec.name} | {column.header}" in text  # every column explained
    # openpyxl agrees, and every header is a text cell (never a formula), dates formatted DD/MM/YYYY.
    wb = openpyxl.load_workbook(quality_template)
    visits = wb["Reg 44 visits"]
    assert all(c.data_type == "s" for c in visits[1])
    assert visits.column_dimensions["B"].number_format == "DD/MM/YYYY"
    assert visits.freeze_panes == "A2"
    announced = next(v for v in visits.data_validations.dataValidation if "C2" in str(v.sqref))
    assert announced.formula1 == '"Y,N"'


# ---- "Actions done on": a history of old visits must not flood the action plan ---------------

OLD_VISIT: list[object] = ["Margaret Ellis", "15/01/2025", "N", "20/01/2025", "25/01/2025", "Safeguarded.",
             "Update the risk assessment\nRefresh the lounge"]
OLD_INSPECTION: list[object] = ["10/03/2025", "Full", "Good", "Good", "Good"]
OLD_FINDING: list[object] = ["10/03/2025", None, "Requirement", "Supervise staff monthly.", "Reg 33(4)(b)", "30/04/2025"]


def history(visit_done: str | None = None, finding_done: str | None = None) -> dict[str, Sequence[Sequence[object]]]:
    return {"Reg 44 visits": [[*OLD_VISIT, visit_done]], "Inspections": [OLD_INSPECTION],
            "Inspection findings": [[*OLD_FINDING, finding_done]]}


def overdue_actions(store: Store) -> list[str]:
    from carehome_desk.services.due import due_items
    from carehome_desk.models.status import Status

    return sorted(i.requirement.requirement for i in due_items(store, store.today())
                  if i.requirement.area == "Action" and i.requirement.status is Status.OVERDUE)


def action_states(store: Store, home_id: HomeId) -> dict[str, tuple[ActionStatus, date | None]]:
    return {a.title: (a.status, a.completed_on) for a in store.quality.actions(home_id)}


def test_old_visits_without_actions_done_on_raise_open_overdue_actions(store: Store, home_id: HomeId,
                                                                       quality_template: Path) -> None:
    result = imported(store, fill(quality_template, history()), home_id)
    assert result.errors == [] and result.written, result.report()
    assert ("Actions for the registered manager: 3 raised open, 0 raised as done (Actions done on)."
            in result.report())
    assert overdue_actions(store) == ["Refresh the lounge", "Supervise staff monthly.", "Update the risk assessment"]
    assert {s for s, _ in action_states(store, home_id).values()} == {ActionStatus.OPEN}


def test_actions_done_on_saves_the_actions_as_done_on_that_day(store: Store, home_id: HomeId,
                                                               quality_template: Path) -> None:
    path = fill(quality_template, history("10/02/2025", "28/04/2025"))
    dry = imported(store, path, home_id, dry_run=True)
    assert dry.errors == [] and not dry.written
    assert ("Actions for the registered manager: 0 would be raised open, 3 would be raised as done (Actions done "
            "on).") in dry.report()
    assert store.quality.actions(home_id) == []

    result = imported(store, path, home_id)
    assert result.errors == [] and result.written, result.report()
    assert "0 raised open, 3 raised as done" in result.report()
    assert action_states(store, home_id) == {
        "Update the risk assessment": (ActionStatus.DONE, date(2025, 2, 10)),
        "Refresh the lounge": (ActionStatus.DONE, date(2025, 2, 10)),
        "Supervise staff monthly.": (ActionStatus.DONE, date(2025, 4, 28)),
    }
    assert overdue_actions(store) == []
    # Still raised from the visit and the finding, for the registered manager, with their due dates.
    assert {(a.source, a.owner, a.due) for a in store.quality.actions(home_id)} == {
        (ActionSource.REG44, "Priya Fairbairn", date(2025, 2, 15)),
        (ActionSource.OFSTED_REQUIREMENT, "Priya Fairbairn", date(2025, 4, 30))}

    # The same file again changes nothing.
    before = everything(store, home_id), audit_count(store)
    again = imported(store, path, home_id)
    assert again.errors == [] and not again.written and not again.would_change
    assert counts(again) == {"Reg 44 visits": (0, 0, 1, 0), "Reg 45 reviews": (0, 0, 0, 0),
                             "Inspections": (0, 0, 1, 0), "Inspection findings": (0, 0, 1, 0)}
    assert "Actions for the registered manager" not in again.report()
    assert (everything(store, home_id), audit_count(store)) == before


def test_actions_done_on_filled_later_marks_the_open_actions_done(store: Store, home_id: HomeId,
                                                                  quality_template: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    first.write_bytes(quality_template.read_bytes())
    imported(store, fill(first, history()), home_id)
    # One was dropped in the app meanwhile: a date in the file does not make it done.
    lounge = next(a for a in store.quality.actions(home_id) if a.title == "Refresh the lounge")
    store.quality.save_action(replace(lounge, status=ActionStatus.DROPPED, note="Redecorated instead"))
    audit_before = audit_count(store)

    path = fill(quality_template, history("10/02/2025", "28/04/2025"))
    dry = imported(store, path, home_id, dry_run=True)
    assert "0 would be raised open, 0 would be raised as done (Actions done on), 2 open ones would be marked done." in (
        dry.report())
    assert counts(dry) == {"Reg 44 visits": (0, 1, 0, 0), "Reg 45 reviews": (0, 0, 0, 0),
                           "Inspections": (0, 0, 1, 0), "Inspection findings": (0, 1, 0, 0)}
    result = imported(store, path, home_id)
    assert result.errors == [] and result.written and result.changes.touches(Register.QUALITY), result.report()
    assert action_states(store, home_id) == {
        "Update the risk assessment": (ActionStatus.DONE, date(2025, 2, 10)),
        "Refresh the lounge": (ActionStatus.DROPPED, None),
        "Supervise staff monthly.": (ActionStatus.DONE, date(2025, 4, 28)),
    }
    assert overdue_actions(store) == []
    # Two updates, audited through the store, and nothing else rewritten.
    new = store.audit.entries()[: audit_count(store) - audit_before]
    assert sorted((e.table, e.action, e.before["status"] if e.before else None, e.after["status"] if e.after else None)
                  for e in new) == [("actions", AuditAction.UPDATE, "open", "done")] * 2

    # A blank cell never reopens a done action: the first file again changes nothing.
    before = everything(store, home_id), audit_count(store)
    blank = imported(store, first, home_id)
    assert blank.errors == [] and not blank.written and not blank.would_change
    assert (everything(store, home_id), audit_count(store)) == before


def test_actions_done_on_in_the_future_or_before_the_visit_is_refused(store: Store, home_id: HomeId,
                                                                     quality_template: Path) -> None:
    path = fill(quality_template, {
        "Reg 44 visits": [[*OLD_VISIT, "10/01/2025"],                                   # row 2: before the visit
                          ["David Okoro", "12/02/2025", "Y", None, None, None, "Fix the door", "23/11/2026"]],
        "Inspections": [OLD_INSPECTION],
        "Inspection findings": [[*OLD_FINDING, "09/03/2025"]],                          # row 2: before the inspection
    })
    result = imported(store, path, home_id, skip_bad_rows=True)
    assert [str(e) for e in result.errors] == [
        "Reg 44 visits row 2, column 'Actions done on': This is before the visit (15/01/2025).",
        "Reg 44 visits row 3, column 'Actions done on': This date is in the future.",
        "Inspection findings row 2, column 'Actions done on': This is before the inspection (10/03/2025).",
    ]
    # Only the inspection itself was good; no action was raised from the refused rows.
    assert store.quality.visits(home_id) == [] and store.quality.actions(home_id) == []
    assert [i.findings for i in store.quality.inspections(home_id)] == [()]

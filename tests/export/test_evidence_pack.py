"""The evidence pack, exported from the demo home and reopened by two independent readers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.services.evidence import Period
from carehome_desk.export.cells import cell_text
from carehome_desk.export.evidence_pack import ExportCancelled, PackOptions, default_period, export_pack
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.incidents import ComplaintDetails, IncidentDetails, IncidentType
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from tests.conftest import FIXED_NOW, Clock, oak_lodge

TODAY = FIXED_NOW.date()
SHEETS = ["Cover", "Annex A", "Staff", "Training matrix", "Recruitment checks", "DBS", "Supervision", "Children",
          "Incident log", "Restraint log", "Missing and away", "Reg 40 notifications", "Complaints", "Allegations",
          "Self-evaluation", "Action plan", "Reg 44 visits", "Reg 45 reviews", "Inspections", "Charts", "Manifest"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("pack") / "demo.sqlite3", DemoOptions(today=TODAY))


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    with Store.open(demo_db, create=False, clock=Clock()) as store:
        yield store


def records(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Data rows under the title and header rows."""
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    return [r for r in rows if r != ("None in this period.",) + (None,) * (len(r) - 1)]


def test_pack_has_every_sheet_in_order_with_the_records_of_the_period(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    result = export_pack(demo, PackOptions(out))
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    (home,) = demo.homes.list()
    period = default_period(demo, [home], TODAY)
    assert period.start == home.last_inspection_date  # since the last full inspection
    incidents = [i for i in demo.incidents.list(home.id) if period.holds(i.occurred_at)]
    assert len(records(wb["Incident log"])) == len(incidents) == result.sheets["Incident log"]
    assert len(records(wb["Restraint log"])) == sum(i.type is IncidentType.RESTRAINT for i in incidents)
    assert len(records(wb["Missing and away"])) == sum(i.type in (IncidentType.MISSING, IncidentType.AWAY)
                                                       for i in incidents)
    kids = [k for k in demo.children.list(home.id) if k.admission_date <= period.end
            and (k.leaving_date is None or k.leaving_date >= period.start)]
    assert len(records(wb["Children"])) == len(kids)
    current = [s for s in demo.staff.list(home.id) if s.is_current(TODAY)]
    assert len(records(wb["Training matrix"])) == len(current)
    manifest = {r[0]: r for r in records(wb["Manifest"])}
    for name, rows in result.sheets.items():
        assert manifest[name][1] == rows and len(manifest[name][2]) == 64
    assert result.draft and "DRAFT" in str(wb["Cover"]["A2"].value)
    banner = [str(wb["Cover"].cell(2 + k, 2).value) for k in range(len(result.gaps))]  # a gap a row
    assert banner == result.gaps and any("Reg 44" in gap for gap in banner)


def test_cells_are_text_or_real_dates_never_formulas(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    export_pack(demo, PackOptions(out))
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {ws.title}!{cell.coordinate}"
                # The inspector holds the pack, not our source tree: no cell points at a developer's file.
                assert ".md" not in str(cell.value or ""), f"a source file named in {ws.title}!{cell.coordinate}"
    log = wb["Incident log"]
    assert isinstance(log["A3"].value, datetime) and log["A3"].number_format == "DD/MM/YYYY HH:MM"
    staff = wb["Staff"]
    assert isinstance(staff["D3"].value, datetime) and staff["D3"].number_format == "DD/MM/YYYY"
    # Every row carries its own record's time (date cells are styled once per column and reused).
    (home,) = demo.homes.list()
    period = default_period(demo, [home], TODAY)
    expected = sorted(i.occurred_at.astimezone(UK).replace(tzinfo=None, second=0, microsecond=0)
                      for i in demo.incidents.list(home.id) if period.holds(i.occurred_at))
    written = sorted(r[0] for r in records(log))
    assert written == expected and len(set(written)) > 1
    # The date column and the header stay in view, and print on every page (never shrunk to fit: see
    # test_print_layout).
    assert log.freeze_panes == "B3" and log.print_title_rows == "$2:$2" and log.auto_filter.ref.startswith("A2:")
    assert log.page_setup.orientation == "landscape" and not log.sheet_properties.pageSetUpPr.fitToPage
    assert "Page &P of &N" in log.oddFooter.right.text and "Oak Lodge" in log.oddFooter.left.text
    cover = wb["Cover"]
    contents = next(c.row for c in cover["A"] if c.value == "Contents")
    first = cover.cell(contents + 1, 1)
    assert first.value == "Annex A" and first.hyperlink.location == "'Annex A'!A1"


def test_a_second_reader_sees_the_same_workbook(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    export_pack(demo, PackOptions(out))
    calamine = CalamineWorkbook.from_path(str(out))
    assert calamine.sheet_names == SHEETS
    wb = load_workbook(out)
    for name in ("Incident log", "Staff", "Annex A"):
        theirs = calamine.get_sheet_by_name(name).to_python()
        ours = [list(r) for r in wb[name].iter_rows(values_only=True)]
        assert len(theirs) == len(ours)
        for a, b in zip(theirs[2:], ours[2:], strict=True):
            assert [x for x in a if isinstance(x, str) and x] == [y for y in b if isinstance(y, str) and y]


def _small_store(path: Path, text: str) -> Store:
    store = Store.open(path, user="tester", clock=Clock())
    home, _ = store.homes.add(oak_lodge())
    store.staff.add(home.id, StaffDetails(text or "x", StaffRole.RESIDENTIAL_WORKER, date(2025, 1, 6)))
    child, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2011, 1, 1), date(2025, 1, 5),
                                                        placing_authority=text, full_name="Zebedee Quartermaine"))
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.COMPLAINT, FIXED_NOW - timedelta(days=3), (child.id,), text or "x", location=text,
        staff_involved=text, details=ComplaintDetails(from_whom=text, action=text, outcome=text)))
    return store


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
@example(text="<r><t>markup?</t></r>")  # XlsxWriter writes '<r>…</r>' as rich-text XML unless told otherwise
@example(text="B&G =1+1 _x0041_")
def test_any_unicode_in_any_text_field_survives_the_pack(tmp_path: Path, text: str) -> None:
    folder = Path(tmp_path) / f"p{abs(hash(text))}"
    folder.mkdir()
    if not text.strip():
        text = text + "x"
    with _small_store(folder / "db.sqlite3", text) as store:
        out = folder / "pack.xlsx"
        export_pack(store, PackOptions(out, start=date(2025, 1, 1)))
        stored = store.incidents.list()[0]
    expected = cell_text(stored.summary)
    wb = load_workbook(out)
    complaints = records(wb["Complaints"])
    assert complaints[0][2] == expected
    assert all(c.data_type != "f" for row in wb["Complaints"].iter_rows() for c in row)
    calamine = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Complaints").to_python()
    assert calamine[2][2] == expected


def test_names_only_with_include_names(tmp_path: Path) -> None:
    with _small_store(tmp_path / "db.sqlite3", "ordinary text") as store:
        default = tmp_path / "default.xlsx"
        named = tmp_path / "named.xlsx"
        export_pack(store, PackOptions(default, start=date(2025, 1, 1)))
        export_pack(store, PackOptions(named, start=date(2025, 1, 1), include_names=True))

    def everything(path: Path) -> str:
        wb = load_workbook(path)
        return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)

    assert "Zebedee" not in everything(default)
    assert "Zebedee Quartermaine" in everything(named)
    assert "Quartermaine" in str(load_workbook(named)["Incident log"]["C3"].value)


class CancelAt(Progress):
    def __init__(self, step: int):
        super().__init__()
        self.step = step

    def report(self, done: int, total: int, text: str = "") -> None:
        if done >= self.step:
            self.cancel()


class CrashAt(Progress):
    def report(self, done: int, total: int, text: str = "") -> None:
        if text == "Writing the workbook":
            raise RuntimeError("power cut")


@pytest.mark.parametrize("progress", [CancelAt(3), CancelAt(7), CrashAt()])
def test_a_cancelled_or_failed_export_leaves_the_target_untouched(demo: Store, tmp_path: Path,
                                                                  progress: Progress) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"yesterday's pack")
    with pytest.raises((ExportCancelled, RuntimeError)):
        export_pack(demo, PackOptions(target), progress)
    assert target.read_bytes() == b"yesterday's pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]  # data folder aside


def test_bad_requests_are_plain_errors(demo: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="No home has the URN SC000000"):
        export_pack(demo, PackOptions(tmp_path / "x.xlsx", urns=("SC000000",)))
    with pytest.raises(StoreError, match=r"ends \(01/04/2026\) before it starts \(01/05/2026\)\.$"):
        export_pack(demo, PackOptions(tmp_path / "x.xlsx", start=date(2026, 5, 1), end=date(2026, 4, 1)))
    with pytest.raises(StoreError, match=r"ends \(01/01/2000\) before it starts \(\d\d/\d\d/20\d\d, the default start"):
        export_pack(demo, PackOptions(tmp_path / "x.xlsx", end=date(2000, 1, 1)))  # --to alone: says where the start came from
    assert not (tmp_path / "x.xlsx").exists()
    assert Period(date(2026, 1, 1), date(2026, 1, 31)).holds(datetime(2026, 1, 31, 23, 30, tzinfo=UK))


def test_undecided_reg40_incidents_are_listed_with_their_24_hour_status(demo: Store, tmp_path: Path) -> None:
    """An incident nobody has decided on is on the Reg 40 sheet: 'Due' within 24 hours of it, then 'Overdue'."""
    out = tmp_path / "pack.xlsx"
    export_pack(demo, PackOptions(out))
    ws = load_workbook(out)["Reg 40 notifications"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, r)) for r in records(ws)]
    undecided = sorted((r["Incident date"], r["Within 24 hours"]) for r in rows if r["Paragraph"] == "Not decided yet")
    expected = sorted(
        (i.occurred_at.astimezone(UK).replace(tzinfo=None),
         "Overdue" if FIXED_NOW - i.occurred_at > timedelta(hours=24) else "Due")
        for i in demo.incidents.list() if i.notifiable is None)
    assert undecided == expected and {s for _, s in expected} == {"Due", "Overdue"}  # the demo has one of each

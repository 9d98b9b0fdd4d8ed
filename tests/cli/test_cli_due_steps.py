"""`due --at/--today` and `steps` through the real command line on a real SQLite database."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.home import Home
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import AllegationDetails, IncidentDetails, IncidentType
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.reg35_particulars import complete

UK_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00$")


def uk(text: str) -> datetime:
    """'2026-06-12 10:00' as UK local time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UK)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as ended:
        cli.main(list(argv))
    assert ended.value.code == 2
    return capsys.readouterr().err


@pytest.fixture
def home(store: Store) -> Home:
    h, _ = store.homes.add(oak_lodge())
    return h


@pytest.fixture
def child(store: Store, home: Home) -> ChildId:
    c, _ = store.children.add(home.id, ChildDetails(reference="C-031", initials="ab", date_of_birth=date(2011, 5, 1),
                                                     admission_date=date(2025, 1, 10), full_name="Alex Brown"))
    return c.id


def restraint(store: Store, home: Home, child: ChildId, when: str, **details: object) -> int:
    incident, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, uk(when), (child,), "Held to keep safe", location="Lounge",
        details=complete(measure="Two-person hold", **details),
        notifiable=False, reg40_rationale="A restraint without injury: not a serious incident"))
    return int(incident.id)


def record_made(capsys: pytest.CaptureFixture[str], db: Path, *when: str) -> dict[str, object]:
    code, out, err = run(capsys, "due", "--db", str(db), "--format", "json", *when)
    assert code == 0, err
    (item,) = [i for i in json.loads(out) if i["requirement"] == "Record made"]
    return item  # type: ignore[no-any-return]


# -- due --at / --today ------------------------------------------------------------------------

def test_due_at_before_on_and_after_a_10_00_deadline(capsys, store: Store, db_path: Path, home: Home,  # type: ignore[no-untyped-def]
                                                     child: ChildId) -> None:
    restraint(store, home, child, "2026-06-12 10:00")  # Reg 35(3)(a): record made by 13/06 10:00 BST
    before = record_made(capsys, db_path, "--at", "13/06/2026 09:59")
    assert before["status"] == "due_soon" and before["due_at"] == "2026-06-13T10:00:00+01:00"
    on_the_deadline = record_made(capsys, db_path, "--at", "13/06/2026 10:00")
    assert on_the_deadline["status"] == "due_soon"  # exactly on the deadline is still on time
    after = record_made(capsys, db_path, "--at", "13/06/2026 10:01")
    assert after["status"] == "overdue"
    # --today judges at the start of the day: nothing due at 10:00 is overdue that morning.
    start = record_made(capsys, db_path, "--today", "13/06/2026")
    assert start["status"] == "due_soon"
    code, out, _ = run(capsys, "due", "--db", str(db_path), "--at", "13/06/2026 10:01")
    assert code == 0
    line = next(x for x in out.splitlines() if "Record made" in x)
    assert line.startswith("Overdue") and "AB (C-031)" in line and "Alex Brown" not in out


def test_today_alone_is_the_start_of_that_day_for_every_hour_counted_step(capsys, store: Store, db_path: Path,  # type: ignore[no-untyped-def]
                                                                          home: Home, child: ChildId) -> None:
    restraint(store, home, child, "2026-06-12 00:30")  # record due 13/06 00:30
    assert record_made(capsys, db_path, "--today", "13/06/2026")["status"] == "due_soon"
    assert record_made(capsys, db_path, "--today", "14/06/2026")["status"] == "overdue"


def test_due_at_in_json_and_csv_carries_the_uk_offset_in_summer_and_winter(capsys, store: Store,  # type: ignore[no-untyped-def]
                                                                           db_path: Path, home: Home,
                                                                           child: ChildId) -> None:
    restraint(store, home, child, "2026-01-14 10:00")  # GMT
    restraint(store, home, child, "2026-06-12 10:00")  # BST
    store.incidents.add(home.id, IncidentDetails(IncidentType.ALLEGATION, uk("2026-06-12 15:00"), (),
                                                 "Allegation made by a parent",
                                                 details=AllegationDetails(staff_name="J. Smith")))
    code, out, err = run(capsys, "due", "--db", str(db_path), "--format", "json", "--at", "15/01/2026 09:00")
    assert code == 0, err
    winter = [i for i in json.loads(out) if i["requirement"] == "Record made" and i["due"] == "2026-01-15"]
    assert [i["due_at"] for i in winter] == ["2026-01-15T10:00:00+00:00"]

    code, out, err = run(capsys, "due", "--db", str(db_path), "--format", "json", "--at", "13/06/2026 09:00")
    assert code == 0, err
    items = json.loads(out)
    due_at = {(i["requirement"], i["due"]): i["due_at"] for i in items if i["due_at"]}
    assert due_at["Record made", "2026-06-13"] == "2026-06-13T10:00:00+01:00"
    assert due_at["Record made", "2026-01-15"] == "2026-01-15T10:00:00+00:00"
    assert due_at["Referred to the LADO", "2026-06-15"] == "2026-06-15T15:00:00+01:00"  # Friday to Monday
    assert all(UK_ISO.match(v) for v in due_at.values()), due_at

    code, out, err = run(capsys, "due", "--db", str(db_path), "--format", "csv", "--at", "15/01/2026 09:00")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    (row,) = [r for r in rows if r["requirement"] == "Record made" and r["due"] == "15/01/2026"]
    assert row["due_at"] == "2026-01-15T10:00:00+00:00" and row["due"] == "15/01/2026"
    assert all(UK_ISO.match(r["due_at"]) for r in rows if r["due_at"])


@pytest.mark.parametrize(("text", "message"), [
    ("31/02/2026 10:00", "not a real date"),
    ("13/06/2026 25:00", "hours go from 00 to 23"),
    ("13/06/2026 10:60", "minutes go from 00 to 59"),
    ("13/06/2026", "has no time"),
    ("10:00", "not a date and time"),
])
def test_bad_at_is_a_usage_error(capsys, db_path: Path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    err = run_usage_error(capsys, "due", "--db", str(db_path), "--at", text)
    assert "argument --at" in err and message in err


def test_at_and_today_together_are_refused(capsys, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    err = run_usage_error(capsys, "due", "--db", str(db_path), "--at", "13/06/2026 10:00", "--today", "13/06/2026")
    assert "--at or --today, not both" in err
    err = run_usage_error(capsys, "steps", "--db", str(db_path), "--at", "13/06/2026 10:00", "--today", "13/06/2026")
    assert "not both" in err


def test_a_time_the_clocks_skip_is_read_as_gmt_and_said_so(capsys, store: Store, db_path: Path, home: Home,  # type: ignore[no-untyped-def]
                                                           child: ChildId) -> None:
    restraint(store, home, child, "2026-03-28 02:15")  # GMT; record due 29/03 03:15 BST (24 real hours)
    item = record_made(capsys, db_path, "--at", "29/03/2026 01:30")  # does not exist: 01:30 GMT = 02:30 BST
    assert item["status"] == "due_soon" and item["due_at"] == "2026-03-29T03:15:00+01:00"
    code, _, err = run(capsys, "due", "--db", str(db_path), "--at", "29/03/2026 01:30")
    assert code == 0 and "did not happen in the UK" in err and "02:30 BST" in err


def test_help_says_how_today_and_due_at_are_read(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        cli.main(["due", "--help"])
    out = capsys.readouterr().out
    assert "START" in out and "00:00 UK time" in out and "2026-06-13T10:00:00+01:00" in out
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "home add" in out and "steps" in out


def test_help_says_every_incident_step_with_a_deadline_has_a_due_at(capsys, store: Store, db_path: Path,  # type: ignore[no-untyped-def]
                                                                     home: Home, child: ChildId) -> None:
    restraint(store, home, child, "2026-06-12 10:00")
    code, out, err = run(capsys, "due", "--db", str(db_path), "--format", "json", "--at", "12/06/2026 11:00")
    assert code == 0, err
    due_at = {i["requirement"]: i["due_at"] for i in json.loads(out) if i["due_at"]}
    # Day-counted steps carry one too: Reg 35(3)(c)'s 5 days and the manager's review.
    assert due_at["Spoke to the child"] == "2026-06-17T10:00:00+01:00"
    assert UK_ISO.match(due_at["Manager review"])
    with pytest.raises(SystemExit):
        cli.main(["due", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "hour-counted steps only" not in help_text
    assert "every incident step with a deadline" in help_text and "Reg 35(3)(c)" in help_text
    assert "manager's review" in help_text


# -- steps -------------------------------------------------------------------------------------

@pytest.fixture
def three_restraints(store: Store, home: Home, child: ChildId) -> dict[str, int]:
    start = uk("2026-06-01 10:00")
    on_time = restraint(store, home, child, "2026-06-01 10:00", record_made_at=start + timedelta(hours=2),
                        staff_spoken_at=start + timedelta(hours=20), signed_by="Priya Fairbairn",
                        child_spoken_at=start + timedelta(hours=30))
    start = uk("2026-06-03 10:00")
    late = restraint(store, home, child, "2026-06-03 10:00", record_made_at=start + timedelta(hours=26),
                     staff_spoken_at=start + timedelta(hours=50), signed_by="Priya Fairbairn",
                     child_spoken_at=start + timedelta(days=3))
    exempt = restraint(store, home, child, "2026-06-05 10:00", ehc_plan_planned=True)
    return {"on_time": on_time, "late": late, "exempt": exempt}


def steps_json(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> list[dict[str, object]]:
    when = () if "--at" in extra or "--today" in extra else ("--at", "20/06/2026 12:00")
    code, out, err = run(capsys, "steps", "--db", str(db), "--format", "json", *when, *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_steps_show_each_restraint_step_with_its_outcome(capsys, db_path: Path,  # type: ignore[no-untyped-def]
                                                         three_restraints: dict[str, int]) -> None:
    rows = steps_json(capsys, db_path)
    outcome = {(r["incident_id"], r["step_key"]): r["outcome"] for r in rows}
    on_time, late, exempt = three_restraints["on_time"], three_restraints["late"], three_restraints["exempt"]
    assert outcome[(on_time, "reg35_record")] == "done_on_time"
    assert outcome[(on_time, "reg35_staff")] == "done_on_time"
    assert outcome[(on_time, "reg35_child")] == "done_on_time"
    assert outcome[(late, "reg35_record")] == "done_late"
    assert outcome[(late, "reg35_staff")] == "done_late"
    assert outcome[(late, "reg35_child")] == "done_on_time"
    assert outcome[(exempt, "reg35")] == "exempt"
    assert outcome[(on_time, "review")] == "overdue"  # policy: 7 days, never reviewed
    first = next(r for r in rows if r["incident_id"] == late and r["step_key"] == "reg35_record")
    assert first["due_at"] == "2026-06-04T10:00:00+01:00" and first["done_at"] == "2026-06-04T12:00:00+01:00"
    assert first["occurred_at"] == "2026-06-03T10:00:00+01:00" and first["children"] == ["AB (C-031)"]
    assert first["basis"] == "law" and first["source"].startswith("Reg 35(3)(a)")
    assert [r["incident_id"] for r in rows if r["step_key"] != "review"] == [on_time] * 3 + [late] * 3 + [exempt]

    code, out, _ = run(capsys, "steps", "--db", str(db_path), "--at", "20/06/2026 12:00")
    assert code == 0 and "Alex Brown" not in out
    lines = out.splitlines()
    # Text is for a person: DD/MM/YYYY HH:MM in UK time (JSON keeps ISO 8601) and the type as the window says it.
    assert any(f"incident {late} | Restraint / measure of control | 03/06/2026 10:00 | AB (C-031) | Record made | "
               "due 04/06/2026 10:00 | done 04/06/2026 12:00 | Done late | Reg 35(3)(a)" in x
               for x in lines)
    assert not any(re.search(r"\d{4}-\d\d-\d\dT", x) for x in lines)
    assert not any("| restraint |" in x for x in lines)
    # The child spoken to after 30 hours: on time, with Guide 9.60's ideal said once, then what happened.
    (child_line,) = [x for x in lines if f"incident {on_time} |" in x and "Spoke to the child" in x]
    assert child_line.count("Guide 9.60") == 1
    assert child_line.endswith("(Guide 9.60: ideally within 24 hours); Spoken to more than 24 hours after the incident")
    assert lines[-1].startswith("Statutory steps (law) as at 20/06/2026 12:00 BST: 7 in all — 4 done on time, "
                                "2 done late, 0 due, 0 overdue, 1 exempt.")


def test_steps_text_says_which_01_30_in_octobers_repeated_hour(capsys, store: Store, db_path: Path,  # type: ignore[no-untyped-def]
                                                                home: Home, child: ChildId) -> None:
    # Record made within 24 real hours: due 25/10/2026 01:30 the first time (BST), then 01:30 again (GMT).
    first = restraint(store, home, child, "2026-10-24 01:30")
    second = restraint(store, home, child, "2026-10-24 02:30")
    code, out, err = run(capsys, "steps", "--db", str(db_path), "--at", "20/11/2026 12:00")
    assert code == 0, err
    record = {int(m[1]): m[2] for m in re.finditer(r"incident (\d+) \|.*\| Record made \| due ([^|]*) \|", out)}
    assert record == {first: "25/10/2026 01:30 (BST)", second: "25/10/2026 01:30 (GMT)"}
    # Every other time, the incident's own included, reads as the clock shows it.
    assert f"incident {first} | Restraint / measure of control | 24/10/2026 01:30 | AB (C-031) |" in out
    assert "Statutory steps (law) as at 20/11/2026 12:00 GMT:" in out


def test_steps_filters_by_type_day_and_home(capsys, store: Store, db_path: Path,  # type: ignore[no-untyped-def]
                                            three_restraints: dict[str, int]) -> None:
    assert steps_json(capsys, db_path, "--type", "missing") == []
    only = {r["incident_id"] for r in steps_json(capsys, db_path, "--from", "02/06/2026", "--to", "03/06/2026")}
    assert only == {three_restraints["late"]}
    assert len(steps_json(capsys, db_path, "--type", "restraint", "--home", "sc 123456")) == 10
    code, _, err = run(capsys, "steps", "--db", str(db_path), "--home", "SC999999")
    assert code == 1 and "no home has the URN SC999999" in err
    err = run_usage_error(capsys, "steps", "--db", str(db_path), "--type", "fight")
    assert "invalid choice" in err


def test_steps_judged_at_the_start_of_a_day(capsys, db_path: Path, three_restraints: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    exempt = three_restraints["exempt"]  # happened 05/06 10:00: the manager's review is due 12/06 10:00

    def review(*when: str) -> object:
        return next(r["outcome"] for r in steps_json(capsys, db_path, *when)
                    if r["incident_id"] == exempt and r["step_key"] == "review")

    assert review("--today", "12/06/2026") == "due"
    assert review("--at", "12/06/2026 10:00") == "due"
    assert review("--at", "12/06/2026 10:01") == "overdue"


def test_steps_csv_cells_are_made_safe(capsys, store: Store, db_path: Path, child: ChildId) -> None:  # type: ignore[no-untyped-def]
    other, _ = store.homes.add(oak_lodge(name="=HYPERLINK(\"http://x\")", urn="SC765432"))
    kid, _ = store.children.add(other.id, ChildDetails(reference="C-1", initials="CD", date_of_birth=date(2012, 1, 1),
                                                        admission_date=date(2025, 1, 1)))
    restraint(store, other, kid.id, "2026-06-12 10:00")
    code, out, err = run(capsys, "steps", "--db", str(db_path), "--format", "csv", "--home", "SC765432",
                         "--at", "13/06/2026 10:01")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["home"] == "'=HYPERLINK(\"http://x\")" for r in rows)
    record = next(r for r in rows if r["step_key"] == "reg35_record")
    assert record["outcome"] == "overdue" and record["due_at"] == "2026-06-13T10:00:00+01:00"
    assert record["children"] == "CD (C-1)"

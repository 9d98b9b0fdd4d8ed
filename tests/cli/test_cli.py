"""The command line, run as a real process (headless: no Qt may load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from carehome_desk import __version__


def run(*args: str, env_extra: dict[str, str] | None = None, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREHOME_DESK")}
    env["CAREHOME_DESK_HOME"] = str(tmp / "userdata")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "carehome_desk", *args], capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)


def test_version_and_help_explain_each_command(tmp_path: Path) -> None:
    assert run("--version", tmp=tmp_path).stdout.strip() == f"carehome-desk {__version__}"
    out = run("--help", tmp=tmp_path).stdout
    for command in ("demo", "homes", "history", "backup", "where"):
        assert command in out
    assert "DD/MM/YYYY" in out


def test_demo_then_homes_as_json(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    made = run("demo", "--db", str(db), "--scale", "2", "--today", "22/11/2026", tmp=tmp_path)
    assert made.returncode == 0, made.stderr
    listed = run("homes", "--db", str(db), "--format", "json", tmp=tmp_path)
    homes = json.loads(listed.stdout)
    assert [h["name"] for h in homes] == ["Oak Lodge", "Willow House"]
    assert all(h["urn"].startswith("SC") and h["last_inspection_grades"]["overall"] for h in homes)


def test_demo_refuses_existing_file_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "taken.sqlite3"
    db.write_text("keep me")
    result = run("demo", "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "keep me"


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = run("demo", "--db", str(tmp_path / "x.sqlite3"), "--today", "31/02/2026", tmp=tmp_path)
    assert result.returncode == 2
    assert "not a real date" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_db_from_environment_and_history(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    env = {"CAREHOME_DESK_DB": str(db), "CAREHOME_DESK_USER": "night manager"}
    assert run("demo", "--db", str(db), tmp=tmp_path).returncode == 0
    where = run("where", env_extra=env, tmp=tmp_path).stdout
    assert f"Database:    {db}" in where
    history = json.loads(run("history", "--format", "json", "--limit", "100000", env_extra=env, tmp=tmp_path).stdout)
    assert {(h["table"], h["action"]) for h in history} >= {("homes", "insert")}


def test_missing_database_is_not_created_by_read_commands(tmp_path: Path) -> None:
    result = run("homes", "--db", str(tmp_path / "nope.sqlite3"), tmp=tmp_path)
    assert result.returncode == 1 and "There is no database" in result.stderr
    assert not (tmp_path / "nope.sqlite3").exists()


def test_backup_to_default_folder(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run("demo", "--db", str(db), tmp=tmp_path)
    result = run("backup", "--db", str(db), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "passed a full integrity check" in result.stdout
    (copy,) = (tmp_path / "backups").glob("*.sqlite3")  # beside the database, where automatic backups go
    assert copy.name.startswith("demo-") and copy.stat().st_size > 0
    assert (tmp_path / "backups" / f"{copy.name}.json").is_file()  # its record


def test_window_without_a_display_says_so(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "x.sqlite3"), env_extra={"QT_QPA_PLATFORM": ""}, tmp=tmp_path)
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_due_lists_demo_gaps_as_json_with_sources(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db), "--today", "22/11/2026", tmp=tmp_path).returncode == 0
    result = run("due", "--db", str(db), "--today", "22/11/2026", "--format", "json", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert {"home", "subject", "requirement", "due", "status", "source"} <= set(items[0])
    assert {i["status"] for i in items} <= {"overdue", "due_soon", "missing"}
    assert any(i["status"] == "overdue" and i["requirement"] == "Level 3" for i in items)
    assert any(i["requirement"] == "Second written reference" and i["due"] is None for i in items)
    assert all(i["source"] for i in items)
    # Most urgent first: every overdue item comes before every due-soon one.
    order = [i["status"] for i in items]
    assert order.index("due_soon") > max(k for k, s in enumerate(order) if s == "overdue")
    wider = json.loads(run("due", "--db", str(db), "--today", "22/11/2026", "--within", "120", "--format",
                           "json", tmp=tmp_path).stdout)
    assert len(wider) > len(items)
    csv_out = run("due", "--db", str(db), "--today", "22/11/2026", "--format", "csv", tmp=tmp_path).stdout
    assert csv_out.splitlines()[0].startswith("home,urn,subject")


def test_due_for_an_unknown_home_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run("demo", "--db", str(db), tmp=tmp_path)
    result = run("due", "--db", str(db), "--home", "SC000000", tmp=tmp_path)
    assert result.returncode == 1 and "no home has the URN SC000000" in result.stderr


def test_backup_into_an_impossible_folder_is_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run("demo", "--db", str(db), tmp=tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("backup", "--db", str(db), "--out", str(blocker / "b.sqlite3"), tmp=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "Nothing was written." in result.stderr


def test_calendar_command_writes_a_parseable_ics(tmp_path: Path) -> None:
    from icalendar import Calendar

    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db), tmp=tmp_path).returncode == 0
    out = tmp_path / "cal" / "deadlines.ics"
    out.parent.mkdir()  # a folder named must exist (test_cli_out_files: a missing one is refused)
    result = run("calendar", "--db", str(db), "--out", str(out), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert f"Wrote {len(events)} deadlines" in result.stdout and len(events) > 20
    assert run("calendar", "--db", str(db), "--out", str(out), "--home", "SC1", tmp=tmp_path).returncode == 1

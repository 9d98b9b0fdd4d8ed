"""`carehome-desk due` after upgrading a schema-0005 database: Level 3/5 from the first care or managing date,
and every guessed date listed for the manager to confirm (issue 13)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.test_cli import run

FIXTURE_0005 = Path(__file__).parent.parent / "data" / "schema_0005.sqlite3"


def test_due_lists_the_guessed_dates_and_counts_level3_from_the_first_care_role(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0005, db)
    result = run("due", "--db", str(db), "--today", "03/12/2026", "--format", "json", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    confirm = sorted((i["subject"], i["requirement"], i["status"], i["due"]) for i in items
                     if i["requirement"].startswith("Confirm first"))
    assert confirm == [("Alex Promoted", "Confirm first care-role date", "missing", None),
                       ("Bea Joined", "Confirm first care-role date", "missing", None),
                       ("Dee Moved", "Confirm first care-role date", "missing", None),
                       ("Eve Deputy", "Confirm first managing date", "missing", None),
                       ("Sam Patel", "Confirm first managing date", "missing", None)]
    alex = next(i for i in items if i["subject"] == "Alex Promoted" and i["requirement"] == "Level 3")
    assert (alex["status"], alex["due"]) == ("overdue", "2024-03-01")  # promoted 06/01/2025: not restarted
    assert alex["source"].startswith("Reg 32(4)")
    sam = next(i for i in items if i["subject"] == "Sam Patel" and i["requirement"] == "Level 5")
    assert sam["due"] == "2026-02-01" and sam["source"].startswith("Reg 28")

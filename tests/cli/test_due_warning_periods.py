"""`due` lists as due soon what its help says: each register's own warning period by default (named in the help
from the settings' defaults, and on the text's last line from this database's settings), and with --within N
everything falling due in the next N days."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.supervision import Session, SessionKind
from carehome_desk.models.warning_periods import warning_periods_text
from carehome_desk.store import Store
from tests.conftest import oak_lodge

# One residential worker who started on 01/01/2026, last supervised on 01/10/2026 (6 weeks: due 12/11/2026),
# never appraised (due 01/01/2027), without the Level 3 (due 2 years after starting: 01/01/2028).
SUPERVISION_DUE = date(2026, 11, 12)
APPRAISAL_DUE = date(2027, 1, 1)
LEVEL3_DUE = date(2028, 1, 1)


@pytest.fixture
def db(store: Store, db_path: Path) -> Path:
    home, _ = store.homes.add(oak_lodge())
    member, _ = store.staff.add(home.id, StaffDetails("Zara Begum", StaffRole.RESIDENTIAL_WORKER, date(2026, 1, 1)))
    store.workforce.add_session(Session(member.id, SessionKind.SUPERVISION, date(2026, 10, 1), "Priya Fairbairn"))
    return db_path


def _due_soon(capsys: pytest.CaptureFixture[str], db: Path, day: date, *extra: str) -> set[str]:
    code = cli.main(["due", "--db", str(db), "--today", day.strftime("%d/%m/%Y"), "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {i["requirement"] for i in json.loads(out) if i["subject"] == "Zara Begum" and i["status"] == "due_soon"}


def _help(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        cli.main(["due", "--help"])
    return " ".join(capsys.readouterr().out.split())


def test_the_help_names_each_default_period_and_due_keeps_to_it(capsys, db: Path) -> None:  # type: ignore[no-untyped-def]
    text = _help(capsys)
    found = {what: int(days) for what, days in re.findall(r"(reports|supervision|diplomas): (\d+) days", text)}
    assert set(found) == {"reports", "supervision", "diplomas"}, text  # the three dated periods, each named
    assert "default: the provider's policy, 30 days" not in text

    for requirement, due, days in (("Annual appraisal", APPRAISAL_DUE, found["reports"]),
                                   ("Supervision", SUPERVISION_DUE, found["supervision"]),
                                   ("Level 3", LEVEL3_DUE, found["diplomas"])):
        assert requirement in _due_soon(capsys, db, due - timedelta(days=days)), (requirement, days)
        assert requirement not in _due_soon(capsys, db, due - timedelta(days=days + 1)), (requirement, days)


def test_within_lists_everything_falling_due_in_that_many_days_and_nothing_later(capsys, db: Path) -> None:  # type: ignore[no-untyped-def]
    day = SUPERVISION_DUE - timedelta(days=30)  # supervision beyond its 14 days, Level 3 beyond 30 days

    assert _due_soon(capsys, db, day) == set()  # by the registers' own periods, nothing yet
    assert _due_soon(capsys, db, day, "--within", "30") == {"Supervision"}
    assert _due_soon(capsys, db, day, "--within", "29") == set()
    # 30 days before the appraisal: it is in either way; the Level 3 (a year on) only with a long enough --within.
    day = APPRAISAL_DUE - timedelta(days=30)
    assert _due_soon(capsys, db, day) == {"Annual appraisal"}
    assert _due_soon(capsys, db, day, "--within", "30") == {"Annual appraisal"}
    assert "Level 3" in _due_soon(capsys, db, day, "--within", str((LEVEL3_DUE - day).days))


def test_the_text_ends_with_the_periods_this_database_uses(capsys, store: Store, db: Path) -> None:  # type: ignore[no-untyped-def]
    store.settings.save(replace(store.settings.get(), due_soon_days=10, qualification_warning_days=60))
    day = APPRAISAL_DUE - timedelta(days=10)

    code = cli.main(["due", "--db", str(db), "--today", day.strftime("%d/%m/%Y")])
    out, err = capsys.readouterr()

    assert code == 0, err
    last = out.splitlines()[-1]
    assert last == f"Due soon here: {warning_periods_text(store.settings.get())}."
    assert "reports: 10 days" in last and "supervision: 10 days" in last and "diplomas: 60 days" in last
    assert _due_soon(capsys, db, day) == {"Annual appraisal"}
    assert _due_soon(capsys, db, day - timedelta(days=1)) == set()  # 11 days ahead: beyond this home's 10
    assert _due_soon(capsys, db, LEVEL3_DUE - timedelta(days=60)) >= {"Level 3"}
    assert "Level 3" not in _due_soon(capsys, db, LEVEL3_DUE - timedelta(days=61))

    code = cli.main(["due", "--db", str(db), "--today", day.strftime("%d/%m/%Y"), "--within", "7"])
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == ("Due soon here: everything falling due within 7 days of the day judged "
                                    "(that day included), whatever each register's own warning period.")

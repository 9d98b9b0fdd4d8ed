"""Fixtures for import tests: a real store with one home, and workbooks filled with openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.importing.incidents import write_incidents_template
from carehome_desk.importing.workforce import write_workforce_template
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from tests.conftest import oak_lodge


@pytest.fixture
def home_id(store: Store) -> HomeId:
    home, _ = store.homes.add(oak_lodge())
    return home.id


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "workforce.xlsx"
    write_workforce_template(path)
    return path


@pytest.fixture
def incidents_template(tmp_path: Path) -> Path:
    path = tmp_path / "incidents.xlsx"
    write_incidents_template(path)
    return path


def fill(path: Path, rows: dict[str, Sequence[Sequence[object]]]) -> Path:
    """Append rows under the template's headers, as a manager would type them."""
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        for row in values:
            wb[sheet].append(list(row))
    wb.save(path)
    return path


def audit_count(store: Store) -> int:
    return len(store.audit.entries())

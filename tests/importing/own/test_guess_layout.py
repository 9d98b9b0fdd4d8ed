"""The kind of sheet guessed from a file's headers: a staff list, an incident log or a training matrix."""

from __future__ import annotations

from pathlib import Path

from carehome_desk.importing.own.engine import guess_layout
from carehome_desk.importing.own.guess import disagreement
from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.readers import read_source
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.store import Store
from tests.importing.own.corpus import incidents_file, matrix_file, staff_file


def test_each_kind_of_file_is_guessed_from_its_headers(store: Store, tmp_path: Path) -> None:
    courses = store.workforce.courses()
    assert guess_layout(read_source(staff_file(tmp_path)), courses) is Layout.STAFF
    assert guess_layout(read_source(incidents_file(tmp_path)), courses) is Layout.INCIDENTS
    assert guess_layout(read_source(matrix_file(tmp_path)), courses) is Layout.MATRIX


def test_a_file_of_unknown_headers_is_not_guessed(store: Store) -> None:
    source = SourceFile(Path("odd.xlsx"), "xlsx", [Table("Sheet1", [["Colour", "Shape"], ["red", "round"]])])
    assert guess_layout(source, store.workforce.courses()) is None


def test_a_kind_given_against_the_headers_is_named(store: Store, tmp_path: Path) -> None:
    courses = store.workforce.courses()
    source = read_source(staff_file(tmp_path))
    said = disagreement(source, courses, Layout.INCIDENTS)
    assert said.startswith(f"The headers of {source.path.name} look like a staff list")
    assert "not an incident log" in said
    assert disagreement(source, courses, Layout.STAFF) == ""

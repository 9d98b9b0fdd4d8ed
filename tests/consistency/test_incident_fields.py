"""The incident field catalogue is the one list the form, the import template and the pack read."""

from __future__ import annotations

from dataclasses import fields

import pytest

from carehome_desk.export.pack_incidents import RESTRAINT_COLUMNS, restraint_cells
from carehome_desk.incident_fields import SECTIONS, field_keys
from carehome_desk.importing import incidents_sheets
from carehome_desk.importing.incidents_sheets import catalogue_fields
from carehome_desk.importing.workbook import Column, Kind
from carehome_desk.models.incidents import EnquiryDetails, MissingDetails, RestraintDetails
from carehome_desk.ui.incidents import incident_detail_specs


def test_the_form_reads_the_core_catalogue() -> None:
    assert incident_detail_specs.SECTIONS is SECTIONS


@pytest.mark.parametrize("details_type", list(SECTIONS), ids=lambda t: t.__name__)
def test_every_catalogue_field_is_a_field_of_the_record(details_type: type) -> None:
    assert set(field_keys(details_type)) <= {f.name for f in fields(details_type)}


@pytest.mark.parametrize(("details_type", "sheet"), [(RestraintDetails, incidents_sheets.RESTRAINT),
                                                     (MissingDetails, incidents_sheets.MISSING),
                                                     (EnquiryDetails, incidents_sheets.ENQUIRIES)],
                         ids=["restraint", "missing", "enquiry"])
def test_the_import_template_has_a_column_for_each_catalogue_field(details_type: type, sheet: object) -> None:
    columns = [c.field for c in sheet.columns if c.field != "ref"]  # type: ignore[attr-defined]
    assert sorted(columns) == sorted(field_keys(details_type))


def test_a_template_that_drifts_from_the_catalogue_does_not_load() -> None:
    with pytest.raises(ValueError, match="not the catalogue's"):
        catalogue_fields(EnquiryDetails, Column("Started", "started_at", Kind.TEXT, ""))


def test_the_packs_restraint_log_shows_every_reg_35_field() -> None:
    # Reg 35(3)(a) asks the record to hold the measure's effect; the pack used to leave it out.
    assert set(RESTRAINT_COLUMNS) == set(field_keys(RestraintDetails))
    headers = [c.header for key in field_keys(RestraintDetails) for c in RESTRAINT_COLUMNS[key]]
    assert "Effect" in headers
    record = RestraintDetails(behaviour="b", measure="m", effect="Calmed within minutes")
    assert len(restraint_cells(record, {})) == len(headers)
    assert "Calmed within minutes" in restraint_cells(record, {})

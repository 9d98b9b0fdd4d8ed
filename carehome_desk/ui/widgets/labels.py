"""Words for stored field names: they live in models.field_labels (the command line uses them too)."""

from __future__ import annotations

from carehome_desk.models.field_labels import FIELD_LABELS as FIELD_LABELS

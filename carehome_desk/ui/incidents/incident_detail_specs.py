"""Which fields each incident type asks for: the core's incident field catalogue, as the form reads it."""

from __future__ import annotations

from carehome_desk.incident_fields import RHI_SOURCE, SECTIONS, Section, Spec

__all__ = ["RHI_SOURCE", "SECTIONS", "Section", "Spec"]

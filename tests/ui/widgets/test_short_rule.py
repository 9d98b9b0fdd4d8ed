"""A rule's citation for a narrow column: the citation the source starts with, never a cut-off word."""

from __future__ import annotations

import pytest

from carehome_desk.ui.widgets.status_style import short_rule


@pytest.mark.parametrize(("source", "short"), [
    ("Reg 31(2)(a): a suitably qualified first aider on duty at all times (every 3 years)", "Reg 31(2)(a)"),
    ("Guide 10.8 names safeguarding as core training; the interval is provider policy (every 1 year)",
     "Guide 10.8"),
    ("Guide 9.57–9.58 and Sch 1 para 17(b): staff adequately trained in restraint", "Guide 9.57–9.58 and Sch 1 para 17(b)"),
    ("Guide 7.15 and reg 23: medication given by staff with the relevant skills", "Guide 7.15 and reg 23"),
    ("Schedule 2 para 2 (certificate before starting); recheck interval is provider policy", "Schedule 2 para 2"),
    ("Reg 32(4)–(6): Level 3 within 2 years", "Reg 32(4)–(6)"),
    ("Provider policy (every 3 years)", "Provider policy"),
    ("Provider policy (for a child's specific health needs) (every 1 year)", "Provider policy"),
    ("Regulations say so", "Regulations say so"),
])
def test_the_citation_leads(source: str, short: str) -> None:
    assert short_rule(source) == short

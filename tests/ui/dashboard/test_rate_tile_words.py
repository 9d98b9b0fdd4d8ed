"""The on-time rate tiles' badges name the provider's own target (a setting), and the tooltip says where it is set."""

from __future__ import annotations

import pytest

from carehome_desk.models.status import Status
from carehome_desk.services.dashboard import Tile
from carehome_desk.ui.dashboard.dashboard_tiles import TileWidget


def rate_tile(status: Status, target: int) -> Tile:
    return Tile("notifications_on_time", "Reg 40 notifications on time", "88%", "7 of 8 in the last 12 months",
                "Notifiable incidents with Ofsted told within 24 hours.", status, "Incidents",
                "notifications_on_time", target=target)


@pytest.mark.parametrize(("status", "target", "word"), [
    (Status.IN_DATE, 95, "Meets your 95% target"),
    (Status.DUE_SOON, 95, "Below your 95% target"),
    (Status.OVERDUE, 95, "Below 80%: your target is 95%"),
    (Status.DUE_SOON, 90, "Below your 90% target"),   # the provider's own setting, not a fixed 95
    (Status.OVERDUE, 70, "Below 70%: your target is 70%"),
])
def test_the_badge_names_the_providers_target(qtbot, status: Status, target: int, word: str) -> None:  # type: ignore[no-untyped-def]
    widget = TileWidget(rate_tile(status, target))
    qtbot.addWidget(widget)
    assert widget.word.text() == word
    assert widget.word.isVisibleTo(widget)
    assert word in widget.accessibleName()


def test_the_tooltips_name_the_setting_and_say_it_is_policy(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = TileWidget(rate_tile(Status.DUE_SOON, 95))
    qtbot.addWidget(widget)
    tip = widget.word.toolTip()
    assert "Home settings → Provider policy → “On-time target”" in tip and "not law" in tip
    assert tip in widget.toolTip()


def test_a_tile_that_is_not_a_rate_keeps_the_status_word(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = TileWidget(Tile("workforce", "Workforce compliance", "90%", "", "", Status.DUE_SOON, "Staff"))
    qtbot.addWidget(widget)
    assert widget.word.text() == "Due soon" and widget.word.toolTip() == ""

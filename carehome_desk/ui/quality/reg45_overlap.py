"""Asking before a Reg 45 review is saved over a period another review already covers in part."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import Reg45Review


def overlap_words(review: Reg45Review, others: list[Reg45Review]) -> str:
    """'The period … overlaps the review of …: … would be reviewed twice.' for each review it overlaps."""
    parts = []
    for other in sorted(others, key=lambda r: r.period_start):
        start, end = max(review.period_start, other.period_start), min(review.period_end, other.period_end)
        parts.append(f"the review of {format_uk(other.period_start)} to {format_uk(other.period_end)} "
                     f"({format_uk(start)} to {format_uk(end)} would be reviewed twice)")
    return (f"The period {format_uk(review.period_start)} to {format_uk(review.period_end)} overlaps "
            + "; and ".join(parts) + ". Each review usually starts the day after the last one ends.")


def save_overlap_anyway(parent: QWidget, review: Reg45Review, others: list[Reg45Review]) -> bool:
    """Ask whether to save a review whose period overlaps others; True to save it as it is."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Review periods overlap", overlap_words(review, others)
                      + "\n\nSave it anyway, or go back and change the dates?", QMessageBox.StandardButton.NoButton,
                      parent)
    save = box.addButton("&Save anyway", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.exec()
    return box.clickedButton() is save

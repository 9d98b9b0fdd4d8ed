"""The three judgements the manager proposes, and beside them any break of Ofsted's grading rules, in plain words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carehome_desk.models.evaluation import grading_conflicts
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.status import Status
from carehome_desk.ui.quality.quality_common import combo_grade, grade_combo, set_combo_grade
from carehome_desk.ui.widgets.status_style import STATUS_TINTS
from carehome_desk.ui.widgets.style import BLUISH_GREEN, VERMILLION, role_label

#: The width the grading rules check needs beside the grades to be read at a glance.
SIDE_NEEDS = 360
KIND_NOTE = {Judgement.OVERALL: "headline", Judgement.HELPED_PROTECTED: "limiting",
             Judgement.LEADERSHIP: "graded"}


class JudgementBox(QGroupBox):
    """Grade boxes for the three judgements; the rules check runs as soon as one changes."""

    #: Emitted when the manager changes a judgement.
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Your judgements (Ofsted's four grades)", parent)
        self.level5_ok = False
        self.level5_text = ""
        self._loading = False
        self.combos: dict[Judgement, QComboBox] = {}
        self.captions: list[QLabel] = []
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        for judgement in (Judgement.HELPED_PROTECTED, Judgement.LEADERSHIP, Judgement.OVERALL):
            combo = grade_combo(judgement.label)
            combo.currentIndexChanged.connect(self._changed)
            self.combos[judgement] = combo
            caption = QLabel(f"{judgement.label} ({KIND_NOTE[judgement]})")
            caption.setBuddy(combo)
            self.captions.append(caption)
            form.addRow(caption, combo)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Grading rules check")
        self.level5 = role_label("", "hint")
        self.level5.setAccessibleName("Registered manager's Level 5")
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.verdict)
        side.addWidget(self.level5)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(form, 0)
        layout.addLayout(side, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """Each judgement's name on one line when there is room, on two rather than cut off when there is not
        (a narrow window: 150% scaling on a laptop); the grading rules check keeps a readable width beside."""
        super().resizeEvent(event)
        one_line = max(c.fontMetrics().horizontalAdvance(c.text()) for c in self.captions)
        combo = max(c.sizeHint().width() for c in self.combos.values())
        wrap = self.width() < one_line + combo + SIDE_NEEDS
        for caption in self.captions:
            if caption.wordWrap() != wrap:
                caption.setWordWrap(wrap)
        # The height its wrapped words take at this width, as its minimum: a page that scrolls (Quality, at 150%)
        # reckons its height from the minimums, and would otherwise squeeze the criteria below to make room.
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None and layout.hasHeightForWidth() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def set_grades(self, grades: dict[Judgement, Grade]) -> None:
        """Show saved grades (no edited signal)."""
        self._loading = True
        try:
            for judgement, combo in self.combos.items():
                set_combo_grade(combo, grades.get(judgement))
        finally:
            self._loading = False
        self.check()

    def grades(self) -> dict[Judgement, Grade]:
        """The grades chosen."""
        return {j: g for j, c in self.combos.items() if (g := combo_grade(c)) is not None}

    def set_level5(self, ok: bool, text: str) -> None:
        """Whether the registered manager's Level 5 is achieved, on track or deferred, and that in words."""
        self.level5_ok, self.level5_text = ok, text
        self.level5.setText(text)
        self.level5.setToolTip("Reg 28: the registered manager holds the Level 5 Diploma. The SCCIF says leadership "
                               "cannot be outstanding without it (or an on-track enrolment or a valid deferral).")
        self.check()

    def conflicts(self) -> list[str]:
        """The grading rules the chosen grades break."""
        return grading_conflicts(self.grades(), self.level5_ok)

    def check(self) -> None:
        """Explain any conflict beside the grades (the word first; colour only as a margin)."""
        problems = self.conflicts()
        if problems:
            text = "⚠ These grades break Ofsted's grading rules:\n" + "\n".join(f"• {p}" for p in problems)
            tint, edge = STATUS_TINTS[Status.OVERDUE], VERMILLION
        elif self.grades():
            text = "✓ These grades follow Ofsted's grading rules."
            tint, edge = STATUS_TINTS[Status.IN_DATE], BLUISH_GREEN
        else:
            text = "Choose a grade for each judgement; the two sub-judgements come first."
            tint, edge = "transparent", "#B0B0B0"
        self.verdict.setText(text)
        self.verdict.setToolTip("Helped and protected is a limiting judgement: inadequate there makes the overall "
                                "judgement inadequate. Inadequate leadership holds the overall judgement to requires "
                                "improvement to be good at best. Leadership cannot be outstanding without the "
                                "manager's Level 5 (SCCIF).")
        self.verdict.setStyleSheet(f"QLabel {{ background: {tint}; color: black; padding: 4px 8px;"
                                   f" border-left: 5px solid {edge}; border-radius: 3px; }}")

    def _changed(self, _index: int) -> None:
        self.check()
        if not self._loading:
            self.edited.emit()

"""The provider's policy values (practice, not law), edited in one small group on Home settings."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.settings import POLICY_HELP, POLICY_LIMITS, ProviderSettings
from carehome_desk.models.supervision import SUPERVISION_WARNING_CAP_DAYS
from carehome_desk.models.warning_periods import DUE_SOON_COVERS
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.widgets.style import role_label

LIMITS = POLICY_LIMITS
#: What each warning covers, in the words `due --help` uses (models/warning_periods.py).
POLICY_HINT = (
    "Your own policy choices: the regulations set no interval for these. The due-soon warning applies to "
    f"{DUE_SOON_COVERS}, and to supervision up to {SUPERVISION_WARNING_CAP_DAYS} days; the Level 3 / Level 5 "
    "warning is how early an unachieved diploma is flagged; the on-time target is what the dashboard's Reg 40, "
    "restraint-step and return-interview rates are judged against.")


class PolicyBox(QGroupBox):
    """Spin boxes for each policy value, with its unit and where it comes from; Save applies them."""

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Provider policy — applies to every home (practice, not law)", parent)
        self.store = store
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout(self)
        form.addRow(role_label(POLICY_HINT, "hint"))
        for f in fields(ProviderSettings):
            help_ = POLICY_HELP[f.name]
            spin = QSpinBox()
            low, high = LIMITS[f.name]
            spin.setRange(low, high)
            spin.setSuffix(help_.unit if help_.unit == "%" else f" {help_.unit}")  # 95%, 30 days
            if low == 0:
                spin.setSpecialValueText(help_.zero)  # 0 minutes: the window never locks by itself ("Never")
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("000 months") + 40)
            spin.setMaximumWidth(spin.minimumWidth())
            spin.setAccessibleName(help_.label)
            spin.setToolTip(help_.source)
            spin.valueChanged.connect(self._edited)
            self.spins[f.name] = spin
            label = QLabel(help_.label)
            label.setWordWrap(True)
            label.setBuddy(spin)
            label.setToolTip(help_.source)
            form.addRow(label, spin)
        self.save_button = QPushButton("Save policy")
        self.save_button.clicked.connect(self.save)
        self.state = role_label("", "hint")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.state, 1)
        form.addRow(row)
        self.reload()

    def reload(self) -> None:
        """Show the saved values."""
        self._saved = self.store.settings.get()
        for name, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(self._saved, name))
            spin.blockSignals(False)
        self._edited()

    def current(self) -> ProviderSettings:
        """The values on screen."""
        return replace(self._saved, **{name: spin.value() for name, spin in self.spins.items()})

    def has_unsaved_changes(self) -> bool:
        """True when a value differs from the saved one."""
        return self.current() != self._saved

    def _edited(self, *_args: object) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        if dirty:
            self.state.setText("Unsaved changes")
        elif self.state.text() == "Unsaved changes":
            self.state.setText("")

    def save(self) -> bool:
        """Save the policy values; every register's statuses follow them at once."""
        if not self.has_unsaved_changes():
            return True
        try:
            changes: Changes = self.store.settings.save(self.current())
        except ValidationError as exc:
            self.state.setText("Not saved: " + " ".join(exc.problems.values()))
            return False
        except StoreError as exc:
            self.state.setText(f"Not saved: {exc}")
            return False
        self.reload()
        self.state.setText("Saved")
        self.changed.emit(changes)
        return True

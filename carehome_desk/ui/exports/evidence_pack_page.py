"""Evidence pack: choose the homes and period, preview what will be in it, export off the GUI thread."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.services.evidence import Period, last_months
from carehome_desk.models.changes import Changes
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.new_password_fields import NewPasswordFields
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.widgets.screen_fit import scroll_body
from carehome_desk.ui.widgets.runner import JobOutcome, JobRunner
from carehome_desk.ui.widgets.save_name import ask_save_path
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.two_rows import TwoRows


HOMES_SHOWN = 5  # homes in view in the Homes box before it scrolls
NO_HOME = "Tick at least one home."
PRESS_PREVIEW = "Press Preview to see the sheets and the number of records in each."


def rows_words(count: int) -> str:
    """'no rows', '1 row', '15 rows': a sheet's records as the preview says them."""
    return "no rows" if count == 0 else counted(count, "row")


class EvidencePackPage(Page):
    """The inspection-day workbook in one click: homes, period, names, preview, Export."""

    page_id = PageId.EVIDENCE_PACK
    title = page_id.value

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        today = store.today()
        self.homes = QListWidget()
        self.homes.setAccessibleName("Homes in the pack")
        self.start = DateField(today)
        self.start.setAccessibleName("Period from")
        self.end = DateField(today)
        self.end.setAccessibleName("Period to")
        self.since_inspection = QPushButton("Since the last full inspection")
        self.since_inspection.clicked.connect(self._since_inspection)
        self.last_year = QPushButton("Last 12 months")
        self.last_year.clicked.connect(self._last_year)
        self.include_names = QCheckBox("Include children's full names")
        self.include_names.setToolTip("Off by default: initials and references only, as Ofsted's own evidence uses")
        self.names_warning = role_label("", "banner")
        self.names_warning.hide()
        self.protect = QCheckBox("Protect with a password")
        self.protect.setToolTip("Excel and LibreOffice will ask for the password to open the workbook")
        self.password_fields = NewPasswordFields("the pack")
        self.password_fields.hide()
        self.password_hint = role_label("Give the password to the inspector separately (by phone or in person), "
                                        "never in the same email as the file. It cannot be recovered if lost.",
                                        "hint")
        self.password_hint.hide()
        self.protect.toggled.connect(self._protect_toggled)
        self.include_names.toggled.connect(self._update_advice)
        self.period_error = role_label("", "error")
        self.period_error.hide()
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton("E&xport the evidence pack…")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        # Why Export is greyed out, under the button (and in its tooltip, for a screen reader too).
        self.export_unavailable = role_label("", "hint")
        self.export_unavailable.hide()
        self._blocked: str | None = None  # the problem that stops the export, while it stands
        self._previewed: str | None = None  # the period the preview's counts are for, as a label
        self._stale = False  # the homes or dates changed since the preview
        self.preview_list = QListWidget()
        self.preview_list.setAccessibleName("What the pack will hold")
        # Each line wraps to the page's width (a laptop's 1366×768 cut the sheet notes off on the right).
        self.preview_list.setWordWrap(True)
        self.preview_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.preview_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.preview_list.setSpacing(2)  # a wrapped line's second row stays with its sheet
        self.gaps = role_label("", "banner")
        self.gaps.hide()
        self.result = role_label("", "hint")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton("Open the folder")
        self.open_folder.hide()
        self.open_folder.clicked.connect(self._open_folder)
        self._last_path: Path | None = None
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._exported)
        self.start.edited.connect(self._form_edited)
        self.end.edited.connect(self._form_edited)
        self.homes.itemChanged.connect(self._form_edited)

        choose = QGroupBox("What goes in")
        form = QFormLayout(choose)
        form.addRow("Homes", self.homes)
        # The quick choices go below the dates where the page is narrow (150% text on a laptop).
        self.period_row = TwoRows([QLabel("From"), self.start, QLabel("to"), self.end],
                                  [self.since_inspection, self.last_year])
        form.addRow("Period", self.period_row)
        form.addRow("", self.period_error)
        form.addRow("", self.include_names)
        form.addRow("", self.names_warning)
        form.addRow("", self.protect)
        form.addRow("", self.password_fields)
        form.addRow("", self.password_hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.export_unavailable)
        preview = QGroupBox("Preview: sheets in the order inspectors ask, with the records in the period")
        box = QVBoxLayout(preview)
        box.addWidget(self.gaps)
        box.addWidget(self.preview_list)
        self.scroll_area, layout = scroll_body(self)  # a laptop at 150%: the page scrolls, Export stays reachable
        layout.addWidget(heading(self.title))
        layout.addWidget(role_label("One workbook for the inspector: Annex A figures, then one sheet per register, "
                                    "print-ready. Children appear by initials and reference unless you choose "
                                    "otherwise.", "hint"))
        layout.addWidget(choose)
        layout.addWidget(self.result)
        layout.addWidget(preview, 1)

    # ---- state -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        from carehome_desk.export.writer_process import prestart

        prestart()  # the workbook writer starts up while the manager chooses, so Export starts writing at once

    def reload(self) -> None:
        """List the homes (the current one ticked) and set the default period."""
        from carehome_desk.export.evidence_pack import default_period

        self.homes.clear()
        homes = self.store.homes.list()
        for home in homes:
            item = QListWidgetItem(f"{home.name} (URN {home.urn})")
            item.setData(Qt.ItemDataRole.UserRole, home.urn)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if home.id == self.home_id or len(homes) == 1
                               else Qt.CheckState.Unchecked)
            self.homes.addItem(item)
        self._fit_homes()
        chosen = [h for h in homes if h.id == self.home_id] or homes
        if chosen:
            period = default_period(self.store, chosen, self.store.today())
            self.start.set_value(period.start)
            self.end.set_value(period.end)
        self._set_blocked(None)
        self._preview_message(PRESS_PREVIEW)

    def _fit_homes(self) -> None:
        """The homes box as tall as its homes (up to HOMES_SHOWN of them), leaving the height to the preview."""
        rows = min(max(self.homes.count(), 1), HOMES_SHOWN)
        row = self.homes.sizeHintForRow(0) if self.homes.count() else self.homes.fontMetrics().height()
        self.homes.setMaximumHeight(rows * row + 2 * self.homes.frameWidth() + 4)

    def on_changes(self, changes: Changes) -> None:
        """Records changed: the preview is out of date (one that says why it is empty stays as it is)."""
        if changes and self._blocked is None:
            self._preview_message("Records have changed: press Preview again.")

    def _since_inspection(self) -> None:
        from carehome_desk.export.evidence_pack import default_period

        homes = [h for h in self.store.homes.list() if h.urn in self.chosen_urns()]
        if homes:
            self.start.set_value(default_period(self.store, homes, self.store.today()).start)
            self.end.set_value(self.store.today())
            self._form_edited()

    def _last_year(self) -> None:
        period = last_months(self.store.today())  # the dashboard's "Last 12 months", to the day
        self.start.set_value(period.start)
        self.end.set_value(period.end)
        self._form_edited()

    def chosen_urns(self) -> tuple[str, ...]:
        """The URNs ticked."""
        return tuple(self.homes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.homes.count())
                     if self.homes.item(i).checkState() == Qt.CheckState.Checked)

    def _protect_toggled(self, on: bool) -> None:
        self.password_fields.setVisible(on)
        self.password_hint.setVisible(on)
        if on:
            self.password_fields.password.setFocus()
        else:
            self.password_fields.clear()
        self._update_advice()

    def _update_advice(self) -> None:
        """With children's names in, the page warns, and recommends protection until it is ticked."""
        advice = "" if self.protect.isChecked() else \
            "\nRecommended: tick “Protect with a password”, so no one can open the file without it."
        self.names_warning.setText("The pack will hold children's names: special-category personal data. "
                                   f"Hand it over securely and keep no spare copies.{advice}")
        self.names_warning.setVisible(self.include_names.isChecked())

    def problem(self) -> str | None:
        """Why no pack can be made from the homes and period as they stand, or None."""
        from carehome_desk.export.evidence_pack import pack_period

        try:
            start, end = self.start.value(), self.end.value()
        except DateFormatError as exc:
            return str(exc)
        if start is not None:  # the CLI's rule: refused if it ends before it starts or starts after today
            try:
                pack_period(Period(start, end or self.store.today()), start, self.store.today())
            except StoreError as exc:
                return str(exc)
        return None if self.chosen_urns() else NO_HOME

    def options(self, out: Path):  # type: ignore[no-untyped-def]
        """PackOptions from the form, or None with the problem shown at the period."""
        from carehome_desk.export.evidence_pack import PackOptions

        problem = self.problem()
        if problem is not None:
            return self._period_problem(problem)
        self._set_blocked(None)
        return PackOptions(out=out, urns=self.chosen_urns(), start=self.start.value(), end=self.end.value(),
                           include_names=self.include_names.isChecked())

    def _period_problem(self, message: str) -> None:
        """The problem at the period; the preview cleared (its counts were for other choices); Export
        greyed out, saying why, until the form is put right."""
        self.period_error.setText(f"⚠ {message}")
        self.period_error.show()
        self._preview_message("No preview: tick at least one home above, then press Preview." if message == NO_HOME
                              else "No preview: the period above cannot be used (see ⚠). Correct it, then press "
                                   "Preview.")
        self._set_blocked(message)
        return None

    def _set_blocked(self, problem: str | None) -> None:
        """Export greyed out while ``problem`` stands, with a line under it saying why; or available."""
        self._blocked = problem
        self.export_button.setEnabled(problem is None and not self.runner.is_running())
        why = "" if problem is None else f"Export is unavailable: {problem}"
        self.export_button.setToolTip(why)
        self.export_button.setAccessibleDescription(why)
        self.export_unavailable.setText("Export is unavailable until you tick at least one home." if problem == NO_HOME
                                        else "Export is unavailable until the period above is corrected.")
        self.export_unavailable.setVisible(problem is not None)
        if problem is None:
            self.period_error.hide()

    def _form_edited(self) -> None:
        """Homes or dates changed: the counts shown are marked as the last preview's, and Export is
        available again as soon as the problem that stopped it is put right."""
        self._mark_stale()
        if self._blocked is not None and self.problem() is None:
            self._set_blocked(None)
            self._preview_message(PRESS_PREVIEW)

    def _mark_stale(self) -> None:
        """Grey the counts out under a line saying which period they are for."""
        if self._previewed is None or self._stale:
            return
        self._stale = True
        for i in range(self.preview_list.count()):
            item = self.preview_list.item(i)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.preview_list.insertItem(0, f"Out of date: the counts below are for {self._previewed}, the last "
                                        "preview. Press Preview again for the homes and period above.")
        self.gaps.hide()

    def _preview_message(self, text: str) -> None:
        """The preview emptied of counts, with one line saying why or what to do."""
        self.preview_list.clear()
        self.preview_list.addItem(text)
        self.gaps.hide()
        self._previewed, self._stale = None, False

    # ---- preview and export ----------------------------------------------------------------

    def preview(self) -> None:
        """Count what each sheet will hold and list the gaps that would mark it a draft."""
        from carehome_desk.export.evidence_pack import POLICY_LABEL, plan_pack

        options = self.options(Path("preview.xlsx"))
        if options is None:
            return
        try:
            plan = plan_pack(self.store, options)
        except StoreError as exc:
            self._period_problem(str(exc))
            return
        self.preview_list.clear()
        self._previewed, self._stale = Period(plan.period.start, plan.period.end).label, False
        self.preview_list.addItem(f"Cover, and Annex A for {self._previewed}"
                                  + (f" — {plan.period_note}" if plan.period_note else ""))
        for sheet in plan.sheets:
            self.preview_list.addItem(f"{sheet.name}: {rows_words(len(sheet.rows))} — {sheet.note}")
        self.preview_list.addItem("Charts and Manifest (row counts and checksums)")
        # The law's gaps make the draft; the provider's own policy is listed apart (see preflight).
        parts = [f"{head}:\n• " + "\n• ".join(lines) for head, lines in
                 (("It will be marked DRAFT — evidence incomplete", plan.gaps), (POLICY_LABEL, plan.policy)) if lines]
        self.gaps.setText("\n\n".join(parts))
        self.gaps.setVisible(bool(parts))

    def suggested_path(self) -> Path:
        """Documents/Evidence pack - <home> - DD-MM-YYYY.xlsx."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        names = [self.homes.item(i).text().split(" (URN")[0] for i in range(self.homes.count())
                 if self.homes.item(i).checkState() == Qt.CheckState.Checked]
        label = names[0] if len(names) == 1 else "all homes"
        return Path(folder) / f"Evidence pack - {label} - {self.store.today():%d-%m-%Y}.xlsx"

    def export(self) -> None:
        """Ask where, then write the pack on a worker thread with progress and Cancel."""
        if self.options(Path("check.xlsx")) is None or (self.protect.isChecked() and self.password_fields.problem()):
            return
        path = ask_save_path(self, "Save the evidence pack", str(self.suggested_path()), "Excel workbook (*.xlsx)",
                             ".xlsx")
        if path is None:
            return
        options = self.options(path)
        if options is None:
            return
        if self.protect.isChecked():
            options = replace(options, password=self.password_fields.text())
            self.password_fields.clear()  # kept no longer than it is needed
        from carehome_desk.export.evidence_pack import export_pack

        self.export_button.setEnabled(False)
        self.result.setText("Exporting…")
        store = self.store
        self.runner.start("Exporting the evidence pack", lambda progress: export_pack(store, options, progress))

    def _exported(self, outcome: JobOutcome) -> None:
        self.export_button.setEnabled(self._blocked is None)
        if self.isVisible():
            from carehome_desk.export.writer_process import prestart

            prestart()  # ready for the next export
        if outcome.cancelled and outcome.error is not None:
            self.result.setText("Export cancelled: no file was written, and any earlier file is unchanged.")
            return
        if outcome.error is not None:
            message = str(outcome.error) if isinstance(outcome.error, StoreError) else \
                f"The export failed ({outcome.error.__class__.__name__}); no file was written."
            self.result.setText(f"⚠ {message}")
            if not isinstance(outcome.error, StoreError):
                import logging

                logging.getLogger("carehome_desk").error("Export failed\n%s", outcome.trace)
            return
        result = outcome.result
        self._last_path = result.path
        rows = sum(result.sheets.values())
        draft = " It is marked DRAFT: see the cover for what is missing." if result.draft else ""
        protected = " Protected with the password." if result.protected else ""
        sheets = counted(len(result.sheets), "sheet")
        cut = f" {result.period_note}" if result.period_note else ""
        self.result.setText(f"Saved {result.path} — {sheets}, {rows_words(rows)}, "
                            f"{format_uk(date.today())}.{cut}{protected}{draft}")
        self.open_folder.show()
        self.status_message.emit(f"Evidence pack saved to {result.path}")

    def _open_folder(self) -> None:
        if self._last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._last_path.parent)))

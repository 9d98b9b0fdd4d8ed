"""The bench's all-homes jobs (scale 100): run after the window job's set-up (bench_floor.py's ``_HEAD`` and
``_WINDOW``: ``store``, ``w``, ``page``, ``app``, ``wait`` and ``report`` are defined), each in a fresh process."""

HOMES_JOBS = {
    # (e) The all-homes view at scale 100: from the button to every home's row and the needs list.
    "all_homes": r"""
wait(lambda: page.charts_drawn() and page.up_to_date())
t = time.perf_counter()
page.all_homes_button.setChecked(True)
wait(page.up_to_date)
app.processEvents()
first = time.perf_counter() - t
# Then a save at another home with the view open (until its row and items are shown), and one with
# the view closed, then the view opened again: each works out again only what the save changed.
from datetime import timedelta
from carehome_desk.models.incidents import IncidentDetails, IncidentType
other = store.homes.list()[1].id
child = store.children.list(other)[0]
def save(hours):
    _, changes = store.incidents.add(other, IncidentDetails(IncidentType.COMPLAINT, store.now() - timedelta(hours=hours),
                                                            (child.id,), "Bench: a complaint about the evening meal"))
    w.broadcast(changes)
    app.processEvents()
    wait(page.up_to_date)
t = time.perf_counter()
save(1)
saved = time.perf_counter() - t
page.all_homes_button.setChecked(False)
wait(page.up_to_date)
save(2)
t = time.perf_counter()
page.all_homes_button.setChecked(True)
wait(page.up_to_date)
app.processEvents()
report(seconds=first, after_save=saved, again=time.perf_counter() - t,
       rows=page.homes.model.rowCount() if hasattr(page.homes, "model") else None)
""",
    # (e) The same, opened after the dashboard has been on show and idle a while (argv[3] seconds): the worker
    # works the other homes out meanwhile, one at a time, so this is what a manager who looks first gets.
    "all_homes_idle": r"""
wait(lambda: page.charts_drawn() and page.up_to_date())
pause = time.perf_counter() + float(sys.argv[3])
wait(lambda: time.perf_counter() > pause)
t = time.perf_counter()
page.all_homes_button.setChecked(True)
wait(page.up_to_date)
app.processEvents()
report(seconds=time.perf_counter() - t)
""",
}

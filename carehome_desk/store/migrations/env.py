"""Alembic environment: always run by carehome_desk.store.engine on a connection it passes in."""

from alembic import context

from carehome_desk.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached if someone runs the alembic CLI by hand
    raise SystemExit("Run migrations through carehome-desk (they run when a database is opened).")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table safely
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""Tamper-evident audit trail: every audit row carries a SHA-256 chained to the row before it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Each row's hash covers the previous row's hash and its own content (id, time, user, table,
record, action, before and after), so a row changed, removed or slipped in afterwards breaks
the chain (models/audit_chain.py). The rows already here are sealed as the start of the chain,
as they stand; every record that an earlier upgrade changed without an audit row, or that was
never audited, gets a baseline row with its state now; and one last row says the trail was
sealed (store/seal.py). prev_hash is unique: two rows can never follow the same row.

Released revisions are never edited: add a new one instead.
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from carehome_desk.store.seal import seal

    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64)))
        batch.add_column(sa.Column("hash", sa.String(64)))
    seal(op.get_bind(), datetime.now(timezone.utc), revision)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    op.create_index("ix_audit_log_prev_hash", "audit_log", ["prev_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_audit_log_prev_hash", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")

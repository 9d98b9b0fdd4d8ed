"""A Reg 44 recommendation's action is linked to its visit and the recommendation's number, not to its wording.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Until now an action raised from a recommendation was found again by its wording and the visit's
date ("visit 11/10/2026"), so correcting either wording broke the link: a corrected
recommendation raised a second action, and a reworded action left its recommendation showing
"no action raised". This revision adds actions.visit_id and actions.recommendation_no and links
the actions already raised, once, by the wording they have now: for each Reg 44 action (oldest
first) whose reference names the date of one visit of the same home, the first of that visit's
recommendations with the same wording (spacing ignored) not yet taken; then, for those left, the
closest wording left (at least 60% alike, case ignored), the rule the app follows when a
recommendation is corrected. An action that matches no recommendation (its recommendation was
corrected, so a second action was raised) is linked to its visit with no number: the visit then
shows it as an action whose recommendation was removed. Records archived as entered in error are
left out; an action whose date matches two visits is left unlinked.

Every action gets a baseline row in the audit trail (store/seal.py's rebaseline): each now holds
the two new columns, linked or empty, and the verifier sees the upgrade's changes as made by it.

Released revisions are never edited: add a new one instead.
"""

from collections import defaultdict
from datetime import date, datetime, timezone
from difflib import SequenceMatcher

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CLOSE_WORDING = 0.6


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("visit_id", sa.Integer))
        batch.add_column(sa.Column("recommendation_no", sa.Integer))
        batch.create_foreign_key("fk_actions_visit_id_reg44_visits", "reg44_visits", ["visit_id"], ["id"])
        batch.create_index("ix_actions_visit_id", ["visit_id"])
    _link_actions()
    from carehome_desk.store.seal import UPGRADE_USER, rebaseline
    from carehome_desk.store.writer import Writer

    # Every action now has the two new columns (empty unless linked), so each gets a baseline row.
    rebaseline(Writer(op.get_bind(), UPGRADE_USER, datetime.now(timezone.utc)))


def _words(text: str) -> str:
    return " ".join(str(text).split())


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def _link_actions() -> int:
    """Link each Reg 44 action to its visit (and recommendation, by wording); returns how many were linked."""
    conn = op.get_bind()
    visits_t = sa.table("reg44_visits", sa.column("id", sa.Integer), sa.column("home_id", sa.Integer),
                        sa.column("visited_on", sa.Date), sa.column("recommendations", sa.JSON),
                        sa.column("archived_at"))
    actions_t = sa.table("actions", sa.column("id", sa.Integer), sa.column("home_id", sa.Integer),
                         sa.column("title", sa.Text), sa.column("source", sa.String),
                         sa.column("source_ref", sa.String), sa.column("archived_at"))
    by_ref: dict[tuple[int, str], list[tuple[int, list[str]]]] = defaultdict(list)
    for visit_id, home_id, visited_on, recommendations in conn.execute(
            sa.select(visits_t.c.id, visits_t.c.home_id, visits_t.c.visited_on, visits_t.c.recommendations)
            .where(visits_t.c.archived_at.is_(None)).order_by(visits_t.c.id)):
        day = visited_on if isinstance(visited_on, date) else date.fromisoformat(str(visited_on)[:10])
        by_ref[(home_id, f"visit {day:%d/%m/%Y}")].append((visit_id, [_words(r) for r in recommendations or []]))
    rows = conn.execute(sa.select(actions_t.c.id, actions_t.c.home_id, actions_t.c.title, actions_t.c.source_ref)
                        .where(actions_t.c.source == "reg44", actions_t.c.archived_at.is_(None))
                        .order_by(actions_t.c.id)).fetchall()
    links: dict[int, tuple[int, int | None]] = {}
    taken: set[tuple[int, int]] = set()
    left: list[tuple[int, int, str, list[str]]] = []
    for action_id, home_id, title, ref in rows:
        visits = by_ref.get((home_id, _words(ref)), [])
        if len(visits) != 1:
            continue
        visit_id, texts = visits[0]
        number = next((n for n, text in enumerate(texts, start=1)
                       if text == _words(title) and (visit_id, n) not in taken), None)
        if number is None:
            left.append((action_id, visit_id, _words(title), texts))
        else:
            taken.add((visit_id, number))
        links[action_id] = (visit_id, number)
    for action_id, visit_id, title, texts in left:  # a reworded action: the closest recommendation still free
        free = [n for n in range(1, len(texts) + 1) if (visit_id, n) not in taken]
        best = max(free, key=lambda n: _alike(title, texts[n - 1]), default=None)
        if best is not None and _alike(title, texts[best - 1]) >= CLOSE_WORDING:
            taken.add((visit_id, best))
            links[action_id] = (visit_id, best)
    update = sa.text("UPDATE actions SET visit_id = :v, recommendation_no = :n WHERE id = :i")
    for action_id, (visit_id, number) in links.items():
        conn.execute(update, {"v": visit_id, "n": number, "i": action_id})
    return len(links)


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_index("ix_actions_visit_id")
        batch.drop_constraint("fk_actions_visit_id_reg44_visits", type_="foreignkey")
        batch.drop_column("recommendation_no")
        batch.drop_column("visit_id")

"""the platform's budgets shared by every instance (PostgreSQL)

Revision ID: 0008_rate_budgets
Revises: 0007_inbox
Create Date: 2026-12-04 19:00:00.000000

`rate_budgets` holds the budgets; on PostgreSQL `loa_rate_take` takes a place in a chat's budget
and in the overall budget in one call, or says how long to wait (see bot/ratelimit.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_rate_budgets"
down_revision: str | None = "0007_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A budget of n per span admits one more message when fewer than n of its stamps are younger
# than the span; otherwise the wait is until the oldest of the last n ages out. The chat's row
# is locked before the overall one (always in that order: no deadlock). Nothing is taken
# unless both admit it now.
TAKE = """
CREATE OR REPLACE FUNCTION loa_rate_take(
    chat_key text, chat_n int, chat_span float8, global_key text, global_n int, global_span float8,
    OUT chat_wait float8, OUT global_wait float8, OUT taken_at float8
) LANGUAGE plpgsql AS $$
DECLARE
    cs float8[];
    gs float8[];
BEGIN
    taken_at := extract(epoch FROM clock_timestamp());
    chat_wait := 0;
    IF chat_key IS NOT NULL THEN
        SELECT stamps INTO cs FROM rate_budgets WHERE key = chat_key FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO rate_budgets (key, stamps) VALUES (chat_key, '{}') ON CONFLICT DO NOTHING;
            SELECT stamps INTO cs FROM rate_budgets WHERE key = chat_key FOR UPDATE;
        END IF;
        cs := ARRAY(SELECT s FROM unnest(cs) AS s WHERE s > taken_at - chat_span ORDER BY s);
        IF cardinality(cs) >= chat_n THEN
            chat_wait := greatest(0, cs[cardinality(cs) - chat_n + 1] + chat_span - taken_at);
        END IF;
    END IF;
    SELECT stamps INTO gs FROM rate_budgets WHERE key = global_key FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO rate_budgets (key, stamps) VALUES (global_key, '{}') ON CONFLICT DO NOTHING;
        SELECT stamps INTO gs FROM rate_budgets WHERE key = global_key FOR UPDATE;
    END IF;
    gs := ARRAY(SELECT s FROM unnest(gs) AS s WHERE s > taken_at - global_span ORDER BY s);
    global_wait := 0;
    IF cardinality(gs) >= global_n THEN
        global_wait := greatest(0, gs[cardinality(gs) - global_n + 1] + global_span - taken_at);
    END IF;
    IF chat_wait = 0 AND global_wait = 0 THEN
        IF chat_key IS NOT NULL THEN
            UPDATE rate_budgets SET stamps = array_append(cs, taken_at) WHERE key = chat_key;
        END IF;
        UPDATE rate_budgets SET stamps = array_append(gs, taken_at) WHERE key = global_key;
    END IF;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "rate_budgets",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column(
            "stamps",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Double()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_budgets")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS loa_rate_take(text, int, float8, text, int, float8)")
    op.drop_table("rate_budgets")

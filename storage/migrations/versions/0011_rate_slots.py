"""the platform's budgets shared by every instance (PostgreSQL)

Revision ID: 0011_rate_slots
Revises: 0006_audience_units
Create Date: 2026-12-04 19:00:00.000000

`rate_slots` holds the budgets; on PostgreSQL `loa_rate_take` takes one slot of a chat's budget
and one of the overall budget in one call, or says how long to wait (see bot/ratelimit.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_rate_slots"
down_revision: str | None = "0006_audience_units"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Both slots are the oldest of their budget that no other caller holds locked (SKIP LOCKED: a
# concurrent caller takes the next oldest instead of waiting); a budget whose slots are all
# locked answers a short wait. Nothing is taken unless both are free now.
TAKE = """
CREATE OR REPLACE FUNCTION loa_rate_take(
    chat_key text, chat_span float8, global_key text, global_span float8,
    OUT chat_wait float8, OUT global_wait float8, OUT chat_slot int, OUT global_slot int,
    OUT taken_at float8
) LANGUAGE plpgsql AS $$
DECLARE
    chat_at float8;
    global_at float8;
BEGIN
    taken_at := extract(epoch FROM clock_timestamp());
    chat_wait := 0;
    IF chat_key IS NOT NULL THEN
        SELECT slot, at INTO chat_slot, chat_at FROM rate_slots
            WHERE key = chat_key ORDER BY at, slot LIMIT 1 FOR UPDATE SKIP LOCKED;
        chat_wait := CASE WHEN chat_slot IS NULL THEN 0.005
                          ELSE greatest(0, chat_at + chat_span - taken_at) END;
    END IF;
    SELECT slot, at INTO global_slot, global_at FROM rate_slots
        WHERE key = global_key ORDER BY at, slot LIMIT 1 FOR UPDATE SKIP LOCKED;
    global_wait := CASE WHEN global_slot IS NULL THEN 0.002
                        ELSE greatest(0, global_at + global_span - taken_at) END;
    IF chat_wait = 0 AND global_wait = 0 THEN
        UPDATE rate_slots SET at = taken_at
            WHERE (key = chat_key AND slot = chat_slot) OR (key = global_key AND slot = global_slot);
    END IF;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "rate_slots",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key", "slot", name=op.f("pk_rate_slots")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS loa_rate_take(text, float8, text, float8)")
    op.drop_table("rate_slots")

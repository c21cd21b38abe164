"""a platform's messages of the month, for its monthly quota (Zalo)

Revision ID: 0009_platform_usage
Revises: 0008_rate_budgets
Create Date: 2026-12-07 16:30:00.000000

`platform_usage` counts each month's messages per platform, sent and received, and remembers
the organisers were warned and that the platform paused Loa (429), across restarts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_platform_usage"
down_revision: str | None = "0008_rate_budgets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "platform_usage",
        sa.Column(
            "platform",
            sa.Enum("telegram", "zalo", name="platform", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("warned_at", sa.DateTime(), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=True),
        sa.Column("paused_at", sa.DateTime(), nullable=True),
        sa.Column("paused_quota", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("platform", "month", name=op.f("pk_platform_usage")),
    )


def downgrade() -> None:
    op.drop_table("platform_usage")

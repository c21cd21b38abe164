"""the inbox: updates written down before the platform is told they arrived

Revision ID: 0007_inbox
Revises: 0006_audience_units
Create Date: 2026-12-04 18:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0007_inbox"
down_revision: str | None = "0006_audience_units"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "platform",
            sa.Enum("telegram", "zalo", native_enum=False, create_constraint=False, length=24),
            nullable=False,
        ),
        sa.Column("update_key", sa.String(length=64), nullable=False),
        sa.Column("chat_key", sa.String(length=140), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", storage.models.UtcDateTime(), nullable=False),
        sa.Column("lease_until", storage.models.UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done_at", storage.models.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("platform", "update_key", name="uq_inbox_platform_update_key"),
    )
    op.create_index("ix_inbox_done_at_id", "inbox", ["done_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_done_at_id", table_name="inbox")
    op.drop_table("inbox")

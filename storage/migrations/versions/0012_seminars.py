"""seminars: format rules, appraisal, the programme and the book of papers

Revision ID: 0012_seminars
Revises: 0011_conferences
Create Date: 2026-12-08 02:05:00.000000

Paper calls gain their format rules and the meeting their programme is tied to; submissions
their version, appraisal, format warnings, page count and title. New tables keep the programme's
talks and the books being built in the background.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0012_seminars"
down_revision: str | None = "0011_conferences"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVIEW = sa.Enum(
    "received",
    "needs_revision",
    "revised",
    "accepted",
    "presenting",
    name="paperreview",
    native_enum=False,
    create_constraint=False,
    length=24,
)
BUILD = sa.Enum(
    "pending",
    "running",
    "done",
    "failed",
    name="bookbuildstate",
    native_enum=False,
    create_constraint=False,
    length=24,
)


def upgrade() -> None:
    with op.batch_alter_table("paper_calls") as batch_op:
        batch_op.add_column(sa.Column("format_rules", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("programme_meeting_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_paper_calls_programme_meeting_id_announcements"),
            "announcements",
            ["programme_meeting_id"],
            ["id"],
        )
    with op.batch_alter_table("submissions") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("review", REVIEW, server_default="received", nullable=False))
        batch_op.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", storage.models.UtcDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("revision_deadline", storage.models.UtcDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("format_warnings", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("pages_estimated", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("title", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_reviewed_by_id_people"), "people", ["reviewed_by_id"], ["id"]
        )
    op.create_table(
        "programme_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", storage.models.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_programme_items_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_programme_items_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_items")),
        sa.UniqueConstraint(
            "announcement_id", "unit_id", name=op.f("uq_programme_items_announcement_id")
        ),
    )
    op.create_index(
        op.f("ix_programme_items_announcement_id"),
        "programme_items",
        ["announcement_id"],
        unique=False,
    )
    op.create_table(
        "book_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("state", BUILD, nullable=False),
        sa.Column(
            "progress_outbox_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", storage.models.UtcDateTime(), nullable=False),
        sa.Column("started_at", storage.models.UtcDateTime(), nullable=True),
        sa.Column("finished_at", storage.models.UtcDateTime(), nullable=True),
        sa.Column("lease_until", storage.models.UtcDateTime(), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_book_builds_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_book_builds_chat_id_chats")
        ),
        sa.ForeignKeyConstraint(
            ["progress_outbox_id"],
            ["outbox.id"],
            name=op.f("fk_book_builds_progress_outbox_id_outbox"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["people.id"],
            name=op.f("fk_book_builds_requested_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_builds")),
    )
    op.create_index(
        op.f("ix_book_builds_announcement_id"), "book_builds", ["announcement_id"], unique=False
    )
    op.create_index(op.f("ix_book_builds_state"), "book_builds", ["state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_book_builds_state"), table_name="book_builds")
    op.drop_index(op.f("ix_book_builds_announcement_id"), table_name="book_builds")
    op.drop_table("book_builds")
    op.drop_index(op.f("ix_programme_items_announcement_id"), table_name="programme_items")
    op.drop_table("programme_items")
    with op.batch_alter_table("submissions") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_submissions_reviewed_by_id_people"), type_="foreignkey"
        )
        for column in (
            "title",
            "pages_estimated",
            "pages",
            "format_warnings",
            "revision_deadline",
            "reviewed_at",
            "reviewed_by_id",
            "review_comment",
            "review",
            "version",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("paper_calls") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_paper_calls_programme_meeting_id_announcements"), type_="foreignkey"
        )
        batch_op.drop_column("programme_meeting_id")
        batch_op.drop_column("format_rules")

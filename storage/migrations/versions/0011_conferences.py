"""conferences: official invitation fields, acknowledgements, delegations, unit deadlines,
roll-call

Revision ID: 0011_conferences
Revises: 0010_stored_files
Create Date: 2026-12-08 01:40:00.000000

Meetings gain the fields of a giấy mời (số hiệu, chủ trì, liên hệ, yêu cầu), a delegate quota,
whether answers close at the deadline, and the roll-call secret; notices whether they ask to
be acknowledged; reminders may be for one unit. New tables keep acknowledgements, registered
delegates, one unit's own deadline and who came.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0011_conferences"
down_revision: str | None = "0010_stored_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("announcements") as batch_op:
        batch_op.add_column(
            sa.Column("acknowledge", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("scheduled_sends") as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_scheduled_sends_unit_id_units"), "units", ["unit_id"], ["id"]
        )
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("doc_number", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("chair", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("requirements", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("delegate_quota", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("closes_at_deadline", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("checkin_token", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_meetings_checkin_token"), ["checkin_token"]
        )
    with op.batch_alter_table("rsvps") as batch_op:
        batch_op.add_column(
            sa.Column("late", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.models.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_acknowledgements_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_acknowledgements_chat_id_chats")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_acknowledgements_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_acknowledgements_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgements")),
        sa.UniqueConstraint(
            "announcement_id", "person_id", name=op.f("uq_acknowledgements_announcement_id")
        ),
    )
    op.create_index(
        op.f("ix_acknowledgements_announcement_id"),
        "acknowledgements",
        ["announcement_id"],
        unique=False,
    )
    op.create_table(
        "delegates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("registered_at", storage.models.UtcDateTime(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("removed_at", storage.models.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_delegates_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["people.id"],
            name=op.f("fk_delegates_registered_by_id_people"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_delegates_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegates")),
    )
    op.create_index(
        "ix_delegates_meeting_unit", "delegates", ["announcement_id", "unit_id"], unique=False
    )
    op.create_table(
        "unit_deadlines",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("deadline", storage.models.UtcDateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", storage.models.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_unit_deadlines_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["people.id"], name=op.f("fk_unit_deadlines_set_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_deadlines_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("announcement_id", "unit_id", name=op.f("pk_unit_deadlines")),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("entry", sa.String(length=40), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "present",
                "online",
                "absent",
                name="attendancestate",
                native_enum=False,
                create_constraint=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("extra", sa.Boolean(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", storage.models.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_attendance_announcement_id_announcements"),
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"], ["people.id"], name=op.f("fk_attendance_marked_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_attendance_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_attendance_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("announcement_id", "entry", name=op.f("uq_attendance_announcement_id")),
    )
    op.create_index(
        op.f("ix_attendance_announcement_id"), "attendance", ["announcement_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_attendance_announcement_id"), table_name="attendance")
    op.drop_table("attendance")
    op.drop_table("unit_deadlines")
    op.drop_index("ix_delegates_meeting_unit", table_name="delegates")
    op.drop_table("delegates")
    op.drop_index(op.f("ix_acknowledgements_announcement_id"), table_name="acknowledgements")
    op.drop_table("acknowledgements")
    with op.batch_alter_table("rsvps") as batch_op:
        batch_op.drop_column("late")
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_meetings_checkin_token"), type_="unique")
        for column in (
            "checkin_token",
            "closes_at_deadline",
            "delegate_quota",
            "requirements",
            "contact",
            "chair",
            "doc_number",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("scheduled_sends") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_scheduled_sends_unit_id_units"), type_="foreignkey")
        batch_op.drop_column("unit_id")
    with op.batch_alter_table("announcements") as batch_op:
        batch_op.drop_column("acknowledge")

"""Paper calls, the papers units submitted and their appraisal, the seminar programme, the book of
the papers being built, and the files Loa stores itself."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.announcements import Announcement
from storage.models.base import (
    Base,
    _enum,
)
from storage.models.people import Person, Unit


class PaperCall(Base):
    """The fields of a call for conference papers (an announcement of kind `paper_call`)."""

    __tablename__ = "paper_calls"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(500))
    deadline: Mapped[datetime]
    per_unit: Mapped[int] = mapped_column(Integer, default=1)
    notes: Mapped[str | None] = mapped_column(Text)
    reminders: Mapped[list[int]] = mapped_column(JSON, default=list)
    deadline_day_reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    # `định dạng: A4, Times New Roman 14, tối đa 10 trang`: {"page": "A4", "fonts": [...],
    # "size_min": 13.0, "size_max": 14.0, "min_pages": None, "max_pages": 10}; None: no rules
    format_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # `/chuongtrinh 7 | 12`: the meeting whose start gives each talk its time slot
    programme_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"))

    announcement: Mapped[Announcement] = relationship(lazy="joined", foreign_keys=[announcement_id])


class PaperReview(enum.StrEnum):
    """Where a paper stands in the appraisal (`/thamdinh`)."""

    RECEIVED = "received"  # đã nhận
    NEEDS_REVISION = "needs_revision"  # cần sửa
    REVISED = "revised"  # đã sửa: a new version came after "cần sửa"
    ACCEPTED = "accepted"  # đạt
    PRESENTING = "presenting"  # chọn trình bày


class Submission(Base):
    """A paper a unit sent. A later file from the same unit replaces it as `current`; the
    earlier ones stay as history."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_call_unit", "announcement_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"))
    platform_file_id: Mapped[str] = mapped_column(String(300))
    file_unique_id: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(300))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    mime_type: Mapped[str | None] = mapped_column(String(120))
    link: Mapped[str | None] = mapped_column(String(1000))
    submitted_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    # the unit's n-th file for the call (a revision after "cần sửa" is the next version)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    review: Mapped[PaperReview] = mapped_column(
        _enum(PaperReview), default=PaperReview.RECEIVED, server_default="received"
    )
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[datetime | None]
    revision_deadline: Mapped[datetime | None]
    # what differs from the call's format rules, as shown on the receipt (plain Vietnamese)
    format_warnings: Mapped[list[str] | None] = mapped_column(JSON)
    pages: Mapped[int | None] = mapped_column(Integer)
    pages_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    title: Mapped[str | None] = mapped_column(String(500))

    person: Mapped[Person] = relationship(lazy="joined", foreign_keys=[person_id])
    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def is_link(self) -> bool:
        """A link kept as the paper (Loa could not take a file from it): no file to fetch."""
        return self.link is not None and not self.platform_file_id


class StoredFile(Base):
    """A file Loa keeps itself because no platform holds it (a paper read from a link sent as
    `NOP 7 <link>`): its name, size and type; the bytes are in `stored_file_chunks`, in the
    database, so that every instance on one PostgreSQL can serve it."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(120))
    source_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]


class StoredFileChunk(Base):
    """One piece of a stored file's bytes (at most a megabyte): files are written and read
    piece by piece, never held whole in memory."""

    __tablename__ = "stored_file_chunks"

    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ProgrammeItem(Base):
    """One talk of the seminar programme (`/chuongtrinh 7`): a paper chosen to present, in its
    order, with its speaker (the submitter unless set), title and minutes."""

    __tablename__ = "programme_items"
    __table_args__ = (UniqueConstraint("announcement_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=15)
    updated_at: Mapped[datetime]


class BookBuildState(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BookBuild(Base):
    """A book of a call's papers (`/kyyeu 7`) asked for and built in the background: written
    down first, so a restart resumes it; `lease_until` says an instance is building it."""

    __tablename__ = "book_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id"))
    state: Mapped[BookBuildState] = mapped_column(_enum(BookBuildState), index=True)
    progress_outbox_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("outbox.id")
    )
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    # the papers left out (unit code, file name, why), as told to the organiser
    missing: Mapped[list[Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(500))

"""Paper calls, the papers units submitted, and the files Loa stores itself."""

from __future__ import annotations

from datetime import datetime

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.announcements import Announcement
from storage.models.base import (
    Base,
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

    announcement: Mapped[Announcement] = relationship(lazy="joined")


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

    person: Mapped[Person] = relationship(lazy="joined")
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

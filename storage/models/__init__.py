"""What Loa remembers: SQLAlchemy 2.0 typed models, one module per capability, all exported here.

Times are stored as naive UTC (`UtcDateTime` makes them aware again on the way out), ids of
people and chats on a platform are kept as text so Telegram's 64-bit ids and Zalo's string ids
fit the same column. Announcements are one table for every kind; kinds with more fields
(meetings, paper calls, news) add a table keyed by `announcements.id`.
"""

from __future__ import annotations

from storage.models.announcements import (
    Acknowledgement,
    Announcement,
    AuditLog,
    Broadcast,
    Inbox,
    Outbox,
    PlatformUsage,
    RateBudget,
    ScheduledSend,
    UnitDeadline,
)
from storage.models.base import (
    NAMING,
    AnnouncementKind,
    AnnouncementStatus,
    Base,
    ChatKind,
    ChatState,
    OutboxAction,
    OutboxStatus,
    Platform,
    ScheduleKind,
    ScheduleStatus,
    UtcDateTime,
    _enum,
)
from storage.models.meetings import (
    Attendance,
    AttendanceState,
    Conversation,
    Delegate,
    Meeting,
    Rsvp,
    RsvpAnswer,
)
from storage.models.news import (
    Feed,
    FeedItem,
    FeedState,
    NewsPost,
)
from storage.models.papers import (
    BookBuild,
    BookBuildState,
    PaperCall,
    PaperReview,
    ProgrammeItem,
    StoredFile,
    StoredFileChunk,
    Submission,
)
from storage.models.people import (
    Chat,
    Invite,
    Person,
    Unit,
)

__all__ = [
    "NAMING",
    "Acknowledgement",
    "Announcement",
    "AnnouncementKind",
    "AnnouncementStatus",
    "Attendance",
    "AttendanceState",
    "AuditLog",
    "Base",
    "BookBuild",
    "BookBuildState",
    "Broadcast",
    "Chat",
    "ChatKind",
    "ChatState",
    "Conversation",
    "Delegate",
    "Feed",
    "FeedItem",
    "FeedState",
    "Inbox",
    "Invite",
    "Meeting",
    "NewsPost",
    "Outbox",
    "OutboxAction",
    "OutboxStatus",
    "PaperCall",
    "PaperReview",
    "Person",
    "Platform",
    "PlatformUsage",
    "ProgrammeItem",
    "RateBudget",
    "Rsvp",
    "RsvpAnswer",
    "ScheduleKind",
    "ScheduleStatus",
    "ScheduledSend",
    "StoredFile",
    "StoredFileChunk",
    "Submission",
    "Unit",
    "UnitDeadline",
    "UtcDateTime",
    "_enum",
]

"""Calendar files (RFC 5545) for meetings: one VEVENT with a stable UID and a SEQUENCE that grows
with every change, so a calendar updates the event instead of adding another."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from handlers.texts import text
from storage.models import Announcement, AnnouncementStatus, Meeting

PRODID = "-//Loa//Thong bao Cum thi dua//VI"


def meeting_uid(ann_id: int, bot_username: str) -> str:
    return f"loa-meeting-{ann_id}@{(bot_username or 'loa').lower()}.t.me"


def meeting_ics(
    ann: Announcement,
    meeting: Meeting,
    tz: ZoneInfo,
    now: datetime,
    bot_username: str = "",
    lang: str = "vi",
) -> bytes:
    """The meeting as an `.ics` file, times in the cluster's zone (with its VTIMEZONE); the
    labels of its description in the language of the person who asked for it."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(ann.id, bot_username))
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    if meeting.ends_at is not None:
        event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", meeting.title)
    event.add("location", meeting.venue)
    details = [
        f"{text(lang, 'export.sum.basis')}: {meeting.basis}" if meeting.basis else "",
        f"{text(lang, 'export.sum.composition')}: {meeting.composition}"
        if meeting.composition
        else "",
        f"{text(lang, 'dialogue.field.notes')}: {meeting.notes}" if meeting.notes else "",
    ]
    description = "\n".join(line for line in details if line)
    if description:
        event.add("description", description)
    event.add("sequence", meeting.sequence)
    cancelled = ann.status == AnnouncementStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()

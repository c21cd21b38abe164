"""`/lich`: the meetings ahead for a member's unit (the group's, else their own), with their
own answers; all of them for organisers."""

from __future__ import annotations

from handlers import pages, timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.notices.audience import announcement_unit_ids
from handlers.texts import Safe
from storage import queries
from storage.models import (
    AnnouncementStatus,
    Meeting,
    Rsvp,
)


async def upcoming(ctx: Ctx, req: Request) -> Reply:
    """`/lich`: the meetings ahead for my unit (the group's, else my own); all for organisers."""
    return await upcoming_page(ctx, "", 0)


async def upcoming_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Page `page` of `/lich`, read afresh (a page press in the same chat lands here too)."""
    meetings = list(await queries.upcoming_meetings(ctx.session, ctx.now))
    unit = ctx.chat.unit if ctx.chat.unit is not None else ctx.person.unit
    if ctx.is_organiser:
        header = ctx.t("upcoming.header_all")
    elif unit is None:
        return Reply(ctx.t("upcoming.no_unit"))
    else:
        header = ctx.t("upcoming.header", unit=unit.code)
        out = (AnnouncementStatus.SENDING, AnnouncementStatus.SENT)
        chosen = []
        for meeting in meetings:
            ann = meeting.announcement
            if ann.status in out and unit.id in await announcement_unit_ids(ctx.session, ann):
                chosen.append(meeting)
        meetings = chosen
    if not meetings:
        return Reply(header + "\n" + ctx.t("upcoming.none"))
    own = await queries.rsvps_of_person(
        ctx.session, ctx.person.id, [m.announcement_id for m in meetings]
    )
    entries = [
        pages.Entry(_upcoming_line(ctx, meeting, own.get(meeting.announcement_id)))
        for meeting in meetings
    ]
    return pages.render(ctx.t, header, entries, action="upcoming", page=page)


def _upcoming_line(ctx: Ctx, meeting: Meeting, answer: Rsvp | None) -> str:
    ann = meeting.announcement
    tz = ctx.env.tz
    state = ""
    if ann.status == AnnouncementStatus.SCHEDULED and ann.send_at is not None:
        state = ctx.t("upcoming.not_sent", when=timeparse.format_when(ann.send_at, tz, ctx.lang))
    mine = ""
    if answer is not None:
        mine = ctx.t(
            "upcoming.answer",
            answer=Safe(ctx.t(f"upcoming.answer.{answer.answer.value}")),
        )
    return ctx.t(
        "upcoming.line",
        id=ann.id,
        when=timeparse.format_when(meeting.starts_at, tz, ctx.lang),
        title=meeting.title,
        venue=meeting.venue,
        state=Safe(state),
        answer=Safe(mine),
    )

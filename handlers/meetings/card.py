"""The meeting card: its text (PRODUCT §5), the live tally line and the answer buttons."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core import Button, Env
from handlers.meetings.official import quota_text
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import payload, when
from handlers.notices.plain import ZALO_LIMIT, plain_card
from handlers.texts import Safe, esc, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Meeting,
    RsvpAnswer,
)


def rsvp_buttons(ann_id: int, lang: str = "vi") -> list[list[Button]]:
    """✅ ❌ 👤 📅 under a meeting card, `r:<answer>:<id>`; then [📝 Đăng ký đại biểu],
    `db:r:<id>` (`handlers.meetings.delegate_dialogue`)."""
    return [
        [
            Button(text(lang, "rsvp.btn_attend"), action=f"r:a:{ann_id}"),
            Button(text(lang, "rsvp.btn_absent"), action=f"r:x:{ann_id}"),
        ],
        [
            Button(text(lang, "rsvp.btn_substitute"), action=f"r:s:{ann_id}"),
            Button(text(lang, "rsvp.btn_calendar"), action=f"r:i:{ann_id}"),
        ],
        [Button(text(lang, "delegates.btn_register"), action=f"db:r:{ann_id}")],
    ]


async def tally_line(
    session: AsyncSession, ann: Announcement, lang: str = "vi", *, units: set[int] | None = None
) -> str:
    """`Đã xác nhận: 7/10 đơn vị · ✅ 9 người · ❌ 1 · 👤 1 người dự thay · ⏳ 2 chưa trả lời`.

    `units` are the audience's units when the caller has them already (a press looks them up
    to check the person's unit); one query counts the answers per answer and unit, one the
    registered delegates per unit. A unit with registered delegates has confirmed; a meeting
    with a quota or registered names ends with its delegates: `· 🎫 25 đại biểu` (✅ +
    substitutes + registered)."""
    if units is None:
        units = await announcement_unit_ids(session, ann)
    counts: dict[RsvpAnswer, int] = {}
    registered = await queries.delegate_counts_by_unit(session, ann.id)
    confirmed: set[int] = {unit_id for unit_id, count in registered.items() if count}
    answered: set[int] = set(confirmed)
    for (answer, unit_id), count in (await queries.answer_counts_by_unit(session, ann.id)).items():
        counts[answer] = counts.get(answer, 0) + count
        if unit_id is not None:
            answered.add(unit_id)
            if answer in (RsvpAnswer.ATTEND, RsvpAnswer.SUBSTITUTE):
                confirmed.add(unit_id)
    line = text(
        lang,
        "meeting.tally",
        confirmed=len(confirmed & units),
        units=len(units),
        attend=counts.get(RsvpAnswer.ATTEND, 0),
        absent=counts.get(RsvpAnswer.ABSENT, 0),
        substitute=counts.get(RsvpAnswer.SUBSTITUTE, 0),
    )
    # the units still to chase, as /tinhhinh counts them: an absent unit has answered
    unanswered = text(lang, "meeting.tally_unanswered", count=len(units - answered))
    meeting = await session.get(Meeting, ann.id)
    delegates = ""
    if registered or (meeting is not None and meeting.delegate_quota):
        total = (
            counts.get(RsvpAnswer.ATTEND, 0)
            + counts.get(RsvpAnswer.SUBSTITUTE, 0)
            + sum(registered.values())
        )
        delegates = text(lang, "delegates.tally", count=total)
    return Safe(line + unanswered + delegates)


def meeting_text(
    ann: Announcement, meeting: Meeting, tz: ZoneInfo, tally: str, lang: str = "vi"
) -> str:
    """The meeting card of PRODUCT §5, every user text escaped, with the official fields of
    §14 where a giấy mời has them (QĐ 45/2018): the number under the header, the chair after
    the venue, the requirements and the delegate quota after the notes, the contact last
    before the answer deadline."""
    lines: list[str] = []
    if ann.status == AnnouncementStatus.CANCELLED:
        reason = (
            text(lang, "meeting.cancel_reason", reason=ann.cancel_reason)
            if ann.cancel_reason
            else ""
        )
        lines.append(text(lang, "meeting.cancelled_banner", reason=Safe(reason)))
    lines.append(text(lang, "meeting.header", id=ann.id))
    if meeting.doc_number:
        lines.append(text(lang, "invitation.doc_number", number=meeting.doc_number))
    lines.append(f"<b>{esc(meeting.title)}</b>")
    start = when(meeting.starts_at, tz, lang)
    if meeting.ends_at:
        end = meeting.ends_at.astimezone(tz)
        same_day = end.date() == meeting.starts_at.astimezone(tz).date()
        finish = end.strftime("%H:%M") if same_day else when(meeting.ends_at, tz, lang)
        lines.append(text(lang, "meeting.time_range", start=start, end=finish))
    else:
        lines.append(text(lang, "meeting.time", start=start))
    lines.append(text(lang, "meeting.venue", venue=meeting.venue))
    if meeting.chair:
        lines.append(text(lang, "invitation.chair", chair=meeting.chair))
    if meeting.basis:
        lines.append(text(lang, "meeting.basis", basis=meeting.basis))
    if meeting.composition:
        lines.append(text(lang, "meeting.composition", composition=meeting.composition))
    if meeting.notes:
        lines.append(text(lang, "meeting.notes", notes=meeting.notes))
    if meeting.requirements:
        lines.append(text(lang, "invitation.requirements", requirements=meeting.requirements))
    quota = quota_text(meeting.delegate_quota, lang)
    if quota:
        lines.append(text(lang, "invitation.quota", quota=Safe(quota)))
    if meeting.contact:
        lines.append(text(lang, "invitation.contact", contact=meeting.contact))
    if meeting.rsvp_deadline:
        closed = text(lang, "invitation.deadline_closed") if meeting.closes_at_deadline else ""
        deadline = text(lang, "meeting.deadline", deadline=when(meeting.rsvp_deadline, tz, lang))
        lines.append(deadline + closed)
    lines.append(tally)
    return Safe("\n".join(lines))


def meeting_plain(
    ann: Announcement,
    meeting: Meeting,
    tz: ZoneInfo,
    tally: str,
    lang: str = "vi",
    limit: int = ZALO_LIMIT,
) -> list[str]:
    """The meeting card as plain messages, ending with the typed answers while they count:
    `Trả lời: XN 12 CO · XN 12 KHONG <lý do> · XN 12 THAY <họ tên, chức vụ>`."""
    answer = (
        text(lang, "meeting.plain_answer", id=ann.id)
        if ann.status != AnnouncementStatus.CANCELLED
        else ""
    )
    return plain_card(meeting_text(ann, meeting, tz, tally, lang), answer, limit)


async def meeting_card(
    session: AsyncSession,
    env: Env,
    ann: Announcement,
    meeting: Meeting,
    *,
    units: set[int] | None = None,
) -> dict[str, Any]:
    """The card payload: text with the live tally, and the answer buttons while they count."""
    tally = await tally_line(session, ann, units=units)
    body = meeting_text(ann, meeting, env.tz, tally)
    open_ = ann.status != AnnouncementStatus.CANCELLED
    data = payload(body, rsvp_buttons(ann.id) if open_ else None)
    data["card"] = True
    return data

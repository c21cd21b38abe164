"""Notices: an organiser writes one, previews it, sends it now or at a time, to the audience;
units acknowledge it (`handlers.notices.acks`) unless it says `đã nhận: không`."""

from __future__ import annotations

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import Audience, FormError, is_now, parse_audience, split_form
from handlers.notices.acks import read_option
from handlers.notices.audience import check_audience, targets, unreached_line
from handlers.notices.cards import notice_parts, utf16_len
from handlers.notices.sending import confirm, preview_buttons, preview_reply, read_time
from storage import queries
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus

NOTICE_KEYS = {
    "doi tuong": "audience",
    "gui luc": "send_at",
    "thoi diem gui": "send_at",
    "thoi diem": "send_at",
    "da nhan": "acknowledge",
}
MAX_TEXT = 6000  # UTF-16 units; the card is sent in parts of TELEGRAM_CHUNK


async def notice(ctx: Ctx, req: Request) -> Reply:
    """`/thongbao nội dung | đối tượng | thời điểm gửi` → preview (or, with `!`, straight on)."""
    if not req.args.strip():
        raise FormError("notice.usage")
    form = split_form(req.args, NOTICE_KEYS)
    if len(form.fields) > 3:
        raise FormError("notice.too_many_fields")
    body = "\n".join([form.fields[0] if form.fields else "", *form.body]).strip()
    if not body:
        raise FormError("notice.missing_text")
    if utf16_len(body) > MAX_TEXT:  # as Telegram counts: an emoji is two
        raise FormError("notice.too_long", length=utf16_len(body), limit=MAX_TEXT)
    acknowledge = read_option(form.options.get("acknowledge"))
    audience = parse_audience(form.get(1, "audience"))
    await check_audience(ctx, audience)
    when_text = form.get(2, "send_at")
    send_at = None if is_now(when_text) else read_time(ctx, when_text)
    groups, private = await targets(ctx.session, audience)
    if not groups and not private:
        raise FormError("notice.no_targets", audience=audience.describe(ctx.lang))
    ann = Announcement(
        kind=AnnouncementKind.NOTICE,
        status=AnnouncementStatus.DRAFT,
        text=body,
        audience=audience.to_json(),
        audience_text=audience.describe(),
        send_at=send_at,
        created_by_id=ctx.person.id,
        origin_chat_id=ctx.chat.id,
        created_at=ctx.now,
        acknowledge=acknowledge,
    )
    ctx.session.add(ann)
    await ctx.session.flush()
    queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.create", f"#{ann.id}")
    if form.confirmed:
        return await confirm(ctx, ann, schedule=send_at is not None)
    when = (
        timeparse.format_when(send_at, ctx.env.tz, ctx.lang)
        if send_at
        else ctx.t("notice.when_now")
    )
    preview = ctx.t(
        "notice.preview",
        id=ann.id,
        audience=Audience.from_json(ann.audience).describe(ctx.lang),
        count=len(groups),
        private=ctx.t("notice.private_part", count=len(private)) if private else "",
        when=when,
        card=notice_parts(ann, ctx.lang)[0],
    )
    preview += ctx.t("ack.preview_on", id=ann.id) if acknowledge else ctx.t("ack.preview_off")
    preview += await unreached_line(ctx, audience, groups, private)
    return await preview_reply(ctx, ann, preview, preview_buttons(ctx, ann))

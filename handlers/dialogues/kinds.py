"""The two guided dialogues: `/hop` and `/thamluan` described as kinds (fields, options,
checks), and how a preview is turned back into a draft for [✏️ Sửa]."""

from __future__ import annotations

from datetime import timedelta

from handlers import timeparse
from handlers.context import Ctx
from handlers.dialogues.drafts import Draft, Field, Kind, Step, Value, absolute
from handlers.forms import Audience
from handlers.meetings import invitation, official
from handlers.meetings.reminders import DEFAULT_MEETING_OFFSETS
from handlers.papers import calls
from handlers.papers.formats import FormatRules
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
)

CLOSED_WORD = "đóng"
LATE_WORD = "nhận"
CHOICES = (LATE_WORD, CLOSED_WORD)
"""`sau hạn:` as the dialogue writes it, in the order of its buttons (`d:pick:<index>`)."""


def _reminder_option(minutes: list[int]) -> str:
    """Reminder offsets as `nhắc:` takes them again; `không` for none."""
    return ", ".join(timeparse.format_duration(timedelta(minutes=m)) for m in minutes) or "không"


async def _restore_meeting(ctx: Ctx, ann: Announcement) -> Draft | None:
    """A draft at the options step holding what the meeting preview was made of."""
    record = await queries.meeting(ctx.session, ann.id)
    if record is None:
        return None
    options: dict[str, str] = {}
    for key, value in (
        ("basis", record.basis),
        ("composition", record.composition),
        ("notes", record.notes),
        ("doc_number", record.doc_number),
        ("chair", record.chair),
        ("contact", record.contact),
        ("requirements", record.requirements),
        ("quota", official.quota_form(record.delegate_quota)),
        ("closes", CLOSED_WORD if record.closes_at_deadline else ""),
    ):
        if value:
            options[key] = value
    for key, moment in (
        ("ends", record.ends_at),
        ("deadline", record.rsvp_deadline),
        ("send_at", ann.send_at),
    ):
        if moment is not None:
            options[key] = absolute(ctx, moment)
    if list(record.reminders) != list(DEFAULT_MEETING_OFFSETS):
        options["reminders"] = _reminder_option(list(record.reminders))
    file = {"file_id": record.file_id, "name": record.file_name or ""} if record.file_id else None
    return Draft(
        step=Step.OPTIONS,
        fields={
            "title": record.title,
            "time": absolute(ctx, record.starts_at),
            "venue": record.venue,
        },
        audience=Audience.from_json(ann.audience).to_json(),
        options=options,
        file=file,
    )


async def _restore_papers(ctx: Ctx, ann: Announcement) -> Draft | None:
    """A draft at the options step holding what the paper call preview was made of."""
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        return None
    options: dict[str, str] = {}
    if call.per_unit != 1:
        options["count"] = str(call.per_unit)
    if call.notes:
        options["notes"] = call.notes
    if not call.deadline_day_reminder:  # `nhắc:` was given; the default has no line
        options["reminders"] = _reminder_option(list(call.reminders))
    if ann.send_at is not None:
        options["send_at"] = absolute(ctx, ann.send_at)
    rules = FormatRules.from_json(call.format_rules)
    if rules is not None:
        options["format"] = rules.describe()
    return Draft(
        step=Step.OPTIONS,
        fields={"topic": call.topic, "deadline": absolute(ctx, call.deadline)},
        audience=Audience.from_json(ann.audience).to_json(),
        options=options,
    )


async def _check_meeting(ctx: Ctx, draft: Draft) -> None:
    """End, answer deadline and send time against the start, and the quota's units against the
    audience, as /hop checks them (`sau hạn: đóng` waits for the preview: the deadline may
    come after it)."""
    if draft.fields.get("time"):
        await invitation.read_schedule(ctx, draft.fields["time"], draft.options)
    if draft.options.get("quota"):
        await official.read_quota(ctx, draft.options["quota"], draft.audience_value)


async def _check_papers(ctx: Ctx, draft: Draft) -> None:
    """The send time before the deadline, as /thamluan checks it."""
    if draft.fields.get("deadline"):
        calls.read_timing(ctx, draft.fields["deadline"], draft.options)


MEETING = Kind(
    name="meeting",
    draft_kind="draft:meeting",
    announcement_kind=AnnouncementKind.MEETING,
    command="hop",
    texts="dialogue",
    fields=(
        Field("title", Value.LINE, limit=invitation.LIMITS["title"]),
        Field("time", Value.MOMENT),
        Field("venue", Value.LINE, limit=invitation.LIMITS["venue"]),
    ),
    options=(
        Field("basis", Value.LINE, "căn cứ", invitation.LIMITS["basis"]),
        Field("composition", Value.LINE, "thành phần", invitation.LIMITS["composition"]),
        Field("notes", Value.NOTES, "ghi chú", invitation.LIMITS["notes"]),
        Field("ends", Value.DAY_TIME, "kết thúc"),
        Field("deadline", Value.MOMENT, "hạn xác nhận"),
        Field("reminders", Value.REMINDERS, "nhắc"),
        Field("send_at", Value.SEND_AT, "gửi lúc"),
        # the giấy mời as an official document (PRODUCT §14)
        Field("doc_number", Value.LINE, "số hiệu", invitation.LIMITS["doc_number"]),
        Field("chair", Value.LINE, "chủ trì", invitation.LIMITS["chair"]),
        Field("contact", Value.LINE, "liên hệ", invitation.LIMITS["contact"]),
        Field("requirements", Value.NOTES, "yêu cầu", invitation.LIMITS["requirements"]),
        Field("quota", Value.QUOTA, "số đại biểu"),
        Field("closes", Value.CHOICE, "sau hạn"),
    ),
    form_keys=invitation.MEETING_KEYS,
    renamed={"starts": "time"},
    create=invitation.meeting,
    check=_check_meeting,
    restore=_restore_meeting,
)


PAPERS = Kind(
    name="papers",
    draft_kind="draft:papers",
    announcement_kind=AnnouncementKind.PAPER_CALL,
    command="thamluan",
    texts="papers.dialogue",
    fields=(
        Field("topic", Value.LINE, limit=calls.LIMITS["topic"]),
        Field("deadline", Value.MOMENT),
    ),
    options=(
        Field("count", Value.COUNT, "số bài"),
        Field("notes", Value.NOTES, "ghi chú", calls.LIMITS["notes"]),
        Field("reminders", Value.REMINDERS, "nhắc"),
        Field("send_at", Value.SEND_AT, "gửi lúc"),
        Field("format", Value.FORMAT, "định dạng"),  # last: the buttons' indexes stay
    ),
    form_keys=calls.PAPER_KEYS,
    renamed={},
    create=calls.paper_call,
    check=_check_papers,
    restore=_restore_papers,
)


KINDS: tuple[Kind, ...] = (MEETING, PAPERS)


BY_DRAFT: dict[str, Kind] = {kind.draft_kind: kind for kind in KINDS}


BY_ANNOUNCEMENT: dict[AnnouncementKind, Kind] = {kind.announcement_kind: kind for kind in KINDS}


DRAFT_KIND = MEETING.draft_kind

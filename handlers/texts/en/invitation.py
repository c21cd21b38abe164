"""English texts of the giấy mời as an official document (PRODUCT §14): document number,
chair, contact, requirements and delegate quota on the card, `sau hạn:`, the 3-working-day
warning of the preview, and their steps in the guided /hop dialogue.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/invitation.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # the card, in the order of an official invitation
    "invitation.doc_number": "🔖 No.: {number}",
    "invitation.chair": "🎙 Chaired by: {chair}",
    "invitation.requirements": "📌 To prepare: {requirements}",
    "invitation.quota": "🎫 Delegates: {quota}",
    "invitation.quota_default": "{count} per unit",
    "invitation.quota_units": "{units}",
    "invitation.quota_default_units": "{count} per unit ({units})",
    "invitation.quota_others_free": "{units}; other units unlimited",
    "invitation.contact": "☎️ Contact: {contact}",
    "invitation.deadline_closed": " (closed after the deadline)",
    # the form
    "invitation.bad_quota": (
        "Could not read the delegate quota «{value}». Please write a number from 1 to {limit} "
        "for each unit, optionally with numbers for single units, e.g. <code>số đại biểu: 3</code>, "
        "<code>số đại biểu: 3; HN 5, HP 4</code> or <code>số đại biểu: HN 5, HP 4</code>."
    ),
    "invitation.quota_range": (
        "The delegate quota «{value}» is not valid: it must be a whole number from 1 to {limit}, "
        "e.g. <code>số đại biểu: 3; HN 5</code>."
    ),
    "invitation.quota_twice": "Unit {code} appears twice in <code>số đại biểu:</code>; please name each unit once, e.g. <code>số đại biểu: 3; HN 5, HP 4</code>.",
    "invitation.quota_not_invited": "Unit {code} is not in the invitation's audience ({audience}), so it cannot have a delegate quota. Invited units: {known}.",
    "invitation.bad_after_deadline": "Could not understand «{value}» in <code>sau hạn:</code>. Please write <code>sau hạn: đóng</code> (closed after the answer deadline) or <code>sau hạn: nhận</code> (still accepted, marked late).",
    "invitation.closes_needs_deadline": "<code>sau hạn: đóng</code> needs an answer deadline. Please add a <code>hạn xác nhận:</code> line, e.g. <code>hạn xác nhận: 17h 14/6/2024</code>.",
    "invitation.after_deadline_closed": "closed",
    "invitation.after_deadline_late": "accepted, marked late",
    "invitation.no_quota": "no limit",
    # warnings
    "invitation.short_notice": "⚠️ The invitation will reach the units less than 3 working days before the meeting day (Saturdays, Sundays and public holidays not counted). Last send time that gives the required notice: {last}.",
    "invitation.over_quota": "⚠️ The new quota is below what these units already registered: {units}. Their delegates are kept; please contact these units.",
    "invitation.over_quota_unit": "{code} ({count}/{quota})",
    # /sua labels
    "edit.field.doc_number": "document number",
    "edit.field.chair": "chair",
    "edit.field.contact": "contact",
    "edit.field.requirements": "requirements",
    "edit.field.quota": "delegate quota",
    "edit.field.closes": "after the deadline",
    # the guided /hop dialogue
    "dialogue.field.doc_number": "Document number",
    "dialogue.field.chair": "Chair",
    "dialogue.field.contact": "Contact",
    "dialogue.field.requirements": "Requirements",
    "dialogue.field.quota": "Delegates",
    "dialogue.field.closes": "After the deadline",
    "dialogue.ask.doc_number": "<b>Step {step}/5 · Document number</b>\nPlease type the invitation's number (up to 100 characters), e.g. <code>45/GM-CTĐ</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.chair": "<b>Step {step}/5 · Chair</b>\nPlease type who chairs the meeting (up to 300 characters), e.g. <code>Đồng chí Nguyễn Văn A, Hiệu trưởng, Trưởng Cụm thi đua</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.contact": "<b>Step {step}/5 · Contact</b>\nPlease type the contact person's name and phone number (up to 300 characters), e.g. <code>Đồng chí Trần Thị B, Văn phòng, 0912345678</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.requirements": "<b>Step {step}/5 · Requirements</b>\nPlease type what delegates must prepare (up to 2000 characters), e.g. <code>Các đơn vị chuẩn bị báo cáo tham luận, gửi trước ngày 14/6.</code> Type <code>không</code> to remove it.",
    "dialogue.ask.quota": "<b>Step {step}/5 · Delegates</b>\nPlease type how many delegates each unit may send (1 to 200), optionally with numbers for single units, e.g. <code>3</code> or <code>3; HN 5, HP 4</code>. Type <code>không</code> for no limit.",
    "dialogue.ask.closes": "<b>Step {step}/5 · After the deadline</b>\nAfter the answer deadline, should Loa still take answers and registrations (marked late) or close them? Press a button, or type <code>nhận</code> or <code>đóng</code>.",
    "dialogue.opt.doc_number": "🔖 Number",
    "dialogue.opt.chair": "🎙 Chair",
    "dialogue.opt.contact": "☎️ Contact",
    "dialogue.opt.requirements": "📌 Requirements",
    "dialogue.opt.quota": "🎫 Delegates",
    "dialogue.opt.closes": "🔒 After deadline",
    "dialogue.btn_accept_late": "Accept, mark late",
    "dialogue.btn_close": "Close",
    "dialogue.toast_closes": "After the deadline: {value}",
}

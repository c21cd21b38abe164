"""Meetings: the invitation (`/hop`), its edits, answers and their batches, reminders, the status
table, the export, the calendar file and the card."""

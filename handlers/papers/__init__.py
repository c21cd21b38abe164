"""Paper calls (tham luận): the call (`/thamluan`), submissions, edits, reminders, the status
table, the export and the card."""

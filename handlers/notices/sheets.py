"""What every export's workbook shares: the time format, column widths, catalogue labels as
plain text, and cells that stay text even when they look like formulas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from handlers.texts import text

TIME_FORMAT = "%d/%m/%Y %H:%M"
EXCEL_TIME_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 6, 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def labels(lang: str) -> Any:
    """Catalogue labels as plain text (they are cell values, not HTML; none takes a value)."""
    return lambda key, **values: str(text(lang, key, **values))


def plain(sheet: Worksheet, row: int, values: list[Any]) -> None:
    """Write a row; text stays text even when it looks like a formula."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        if isinstance(value, datetime):
            cell.number_format = EXCEL_TIME_FORMAT


def widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))

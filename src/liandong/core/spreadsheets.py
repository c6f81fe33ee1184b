"""Spreadsheets carry data, never formulas (OWASP, "CSV Injection").

A value the platform did not compute — a company name, a facts text, a bidder imported from a
file — may begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which Excel, WPS
and LibreOffice read as a formula. Every CSV and .xlsx the platform writes goes through here:
in a CSV such a cell is prefixed with a single quote; in a workbook it is stored as text with
Excel's quote-prefix flag (shown as typed, never evaluated, and not turned into a formula when
the cell is edited). Numbers stay numbers.
"""

from collections.abc import Iterable

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_row(values: Iterable) -> list:
    """A CSV row with every formula-like text prefixed with a single quote."""
    return [f"'{v}" if looks_like_formula(v) else v for v in values]


def as_text(cell):
    """An openpyxl cell whose formula-like text is stored as text (quote prefix)."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def neutralise(workbook) -> None:
    """Every formula-like text of a workbook (not write-only) stored as text: call before
    saving a workbook whose cells carry anything the platform did not compute."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)


def write_only_row(sheet, values: Iterable) -> list:
    """A row for a write-only sheet's ``append``, formula-like texts as text cells."""
    from openpyxl.cell import WriteOnlyCell

    return [as_text(WriteOnlyCell(sheet, value=v)) if looks_like_formula(v) else v for v in values]


class TextOnlySheet:
    """A write-only sheet whose ``append`` stores formula-like texts as text; everything else
    is the sheet's own."""

    def __init__(self, sheet):
        object.__setattr__(self, "_sheet", sheet)

    def append(self, values) -> None:
        self._sheet.append(write_only_row(self._sheet, values))

    def __getattr__(self, name):
        return getattr(self._sheet, name)

    def __setattr__(self, name, value) -> None:
        setattr(self._sheet, name, value)

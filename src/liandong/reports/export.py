"""Dashboard tables as .xlsx (one sheet per table) and CSV; the same data as JSON."""

import csv
import io

from liandong.core import spreadsheets
from liandong.reports.figures import Table

_SHEET_NAME_MAX = 31  # Excel's limit
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def as_json(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "columns": list(table.columns),
        "rows": [{"key": r.key, "label": r.label, "values": list(r.values)} for r in table.rows],
        "note": table.note,
    }


def _cells(table: Table):
    yield list(table.columns)
    for row in table.rows:
        yield [row.label, *row.values]


def workbook(tables: list[Table], heading: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        name = table.title.translate(_FORBIDDEN)[:_SHEET_NAME_MAX]
        while name in used:
            name = name[: _SHEET_NAME_MAX - 1] + "_"
        used.add(name)
        sheet = book.create_sheet(name)
        offset = 0
        if heading:
            sheet.append([f"{heading} · {table.title}"])
            sheet["A1"].font = Font(bold=True, size=12)
            offset = 1
        for cells in _cells(table):
            sheet.append(cells)
        for cell in sheet[offset + 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 30
        for index in range(2, len(table.columns) + 1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 14
        sheet.freeze_panes = sheet.cell(row=offset + 2, column=2)
    spreadsheets.neutralise(book)  # a department's or a supplier's name is not a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, which Excel in China needs to read it as UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in _cells(table):
        writer.writerow(spreadsheets.csv_row(cells))
    return ("\ufeff" + buffer.getvalue()).encode()

"""Dump an XLSX workbook as JSON with openpyxl, for tests/xlsx.rs to compare with the api.

Each sheet: its name, frozen cell, column widths and every row's cells as
{"v": value, "t": "n" number | "s" text | "d" date/time, "f": number format}.
Money cells (number format with ¥) also carry "fen": the value times 100, which must be a whole
number: the test proves the yuan written to the cell come back to the same integer fen.
"""
import datetime
import json
import sys
from decimal import Decimal

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return None
    out = {"f": c.number_format}
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        out.update(t="d", v=v.isoformat())
    elif isinstance(v, (int, float)):
        out.update(t="n", v=v)
        if "¥" in c.number_format:
            fen = Decimal(repr(float(v))) * 100
            out["fen"] = int(fen) if fen == fen.to_integral_value() else None
    else:
        out.update(t="s", v=str(v))
    return out


wb = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in wb.worksheets:
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    sheets.append({
        "name": ws.title,
        "freeze": ws.freeze_panes,
        "widths": widths,
        "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
    })
json.dump(sheets, sys.stdout, ensure_ascii=False)

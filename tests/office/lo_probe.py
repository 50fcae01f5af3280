"""Ask LibreOffice how it lays out workbooks: run by the system Python that has LibreOffice's
`uno` module (not the project's), as `python3 lo_probe.py OUT_DIR FILE...`.

For each workbook it writes OUT_DIR/<name>.pdf (as printed, with the fonts fontconfig gives
this process) and prints one JSON line: per sheet and row, the height the file stores and the
height LibreOffice finds optimal for the row's text (both in points), the rows that hold a
merged range, and the rows that start a printed page. The PDF and the page breaks come
first, so they show the file as stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

HUNDREDTH_MM_PER_POINT = 2540 / 72


def prop(name: str, value: object) -> PropertyValue:
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def connect(pipe: str, office: subprocess.Popen[bytes]) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def merged_rows(sheet: object) -> set[int]:
    rows: set[int] = set()
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
    for row in range(last_row + 1):
        for col in range(last_col + 1):
            cell = sheet.getCellByPosition(col, row)
            if cell.IsMerged:  # the first cell of a merged range
                rows.add(row)
                break
    return rows


def heights(document: object) -> dict[str, object]:
    found: dict[str, object] = {}
    sheets = document.Sheets
    for index in range(sheets.Count):
        sheet = sheets.getByIndex(index)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row = cursor.RangeAddress.EndRow
        merged = merged_rows(sheet)
        breaks = [b.Position + 1 for b in sheet.getRowPageBreaks() if b.Position <= last_row]
        rows = []
        for row in range(last_row + 1):
            line = sheet.Rows.getByIndex(row)
            stored = line.Height / HUNDREDTH_MM_PER_POINT
            line.OptimalHeight = True
            optimal = line.Height / HUNDREDTH_MM_PER_POINT
            rows.append([row + 1, round(stored, 2), round(optimal, 2)])
        # Rows that start a printed page, as LibreOffice paginates (before heights change).
        found[sheet.Name] = {"rows": rows, "merged": sorted(r + 1 for r in merged), "breaks": breaks}
    return found


def main() -> None:
    out = Path(sys.argv[1])
    files = [Path(name).resolve() for name in sys.argv[2:]]
    pipe = f"qplan-{uuid.uuid4().hex}"
    profile = out / "profile"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        desktop = connect(pipe, office)
        for path in files:
            url = path.as_uri()
            document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            if document is None:
                raise SystemExit(f"LibreOffice could not open {path}")
            pdf = out / (path.stem + ".pdf")
            # Printing paginates; the breaks are read before the heights are changed.
            document.storeToURL(pdf.resolve().as_uri(), (prop("FilterName", "calc_pdf_Export"),))
            print(json.dumps({"file": path.name, "pdf": str(pdf), "sheets": heights(document)}, ensure_ascii=False))
            document.close(True)
    finally:
        if desktop is not None:
            desktop.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()

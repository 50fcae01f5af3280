"""`qplan matrix`: the responsibility matrix as a terminal table, JSON, CSV or Markdown.

Units are rows and items are columns, so that ~30 units × 15–18 items fit in 120 columns:
only the unit-name column is wide, every item column is two cells.
"""

from __future__ import annotations

from typing import Any

from qplan.matrix import Mark, Matrix, UnitRow
from qplan.render import INFERRED_MARK, LEGEND_INFERRED, LEGEND_OPEN, plan_heading
from qplan.render.text import md_table, to_csv, to_json

SYMBOLS: dict[Mark, str] = {"lead": "●", "lead_inferred": "◐", "support": "○"}
# The words the Excel sheets and legends use for each mark.
MARK_LABELS: dict[Mark, str] = {"lead": "牵头", "lead_inferred": f"牵头{INFERRED_MARK}", "support": "配合"}
EMPTY = "·"
LEGEND_SYMBOLS = "● 牵头　○ 配合　· 无"
LEGEND_INFERRED_SYMBOL = "◐ 推定牵头：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定。"
TOTAL_HEADERS = ["牵头", "配合", "合计"]


def matrix_title(matrix: Matrix) -> str:
    return (f"{plan_heading(matrix.plan)} — 责任矩阵"
            f"（{len(matrix.items)} 项 × {len(matrix.units)} 个单位）")


def item_key_heading(matrix: Matrix) -> str:
    plan = matrix.plan
    first = matrix.items[0] if matrix.items else None
    if first is None or plan.label(first) == str(first.no):
        return "列号即条目序号："
    return f"列号即条目序号（{first.no}＝{plan.label(first)}）："


def item_key(matrix: Matrix) -> list[str]:
    """Column numbers to item titles; the columns are too narrow for the titles themselves."""
    return [f"{item.no:>2} {item.title}" for item in matrix.items]


def notes(matrix: Matrix, *, symbols: bool = True) -> list[str]:
    lines = [LEGEND_SYMBOLS] if symbols else []
    if matrix.has_inferred:
        lines.append(LEGEND_INFERRED_SYMBOL if symbols else LEGEND_INFERRED)
    open_ended = matrix.open_ended_items
    if open_ended:
        numbers = "、".join(str(item.no) for item in open_ended)
        lines.append(f"第 {numbers} 项：{LEGEND_OPEN}")
    return lines


def unit_cells(matrix: Matrix, unit: UnitRow) -> list[str]:
    cells = []
    for item in matrix.items:
        mark = matrix.mark(unit.unit, item.no)
        cells.append(SYMBOLS[mark] if mark else EMPTY)
    return [*cells, str(len(unit.lead)), str(len(unit.support)), str(unit.total)]


def _name_width(matrix: Matrix) -> int:
    from rich.cells import cell_len

    names = [cell_len(f"  {u.unit}") for g in matrix.groups for u in g.units]
    names += [cell_len(f"{g.kind}（{len(g.units)}）") for g in matrix.groups]
    return max([10, *names])


def item_chunks(matrix: Matrix, width: int) -> list[tuple[int, int]]:
    """Split the item columns so that each table fits the terminal with whole unit names.

    Each item column takes 3 cells; the totals (牵头 配合 合计) about 15 and go with the last part.
    """
    room = max(3, width - _name_width(matrix))
    count = len(matrix.items)
    if room >= count * 3 + 15:
        return [(0, count)]
    per_part = max(1, (room - 15) // 3) if room > 18 else max(1, room // 3)
    return [(start, min(count, start + per_part)) for start in range(0, count, per_part)]


def matrix_renderables(matrix: Matrix, width: int | None = None) -> list[Any]:
    from rich.columns import Columns
    from rich.text import Text

    if width is None:
        import shutil

        width = shutil.get_terminal_size((120, 24)).columns
    chunks = item_chunks(matrix, width)
    tables = [_matrix_table(matrix, start, end, totals=end == len(matrix.items)) for start, end in chunks]
    if len(chunks) > 1:
        tables = [part for index, table in enumerate(tables) for part in (
            Text(f"（第 {index + 1}/{len(tables)} 部分：条目 {matrix.items[chunks[index][0]].no}–"
                 f"{matrix.items[chunks[index][1] - 1].no}）", style="dim"), table)]
    key = Columns([Text(entry) for entry in item_key(matrix)], column_first=True, padding=(0, 3))
    return [Text(matrix_title(matrix), style="bold"), *tables, *(Text(line, style="dim") for line in notes(matrix)),
            Text(item_key_heading(matrix), style="dim"), key]


def _matrix_table(matrix: Matrix, start: int, end: int, totals: bool) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    items = matrix.items[start:end]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", padding=(0, 0), show_edge=False)
    table.add_column("单位", no_wrap=True, min_width=_name_width(matrix))
    for item in items:
        table.add_column(str(item.no), justify="center", no_wrap=True, min_width=2)
    total_headers = TOTAL_HEADERS if totals else ()
    for header in total_headers:
        table.add_column(header, justify="right", no_wrap=True)
    blanks = len(items) + len(total_headers)
    for group in matrix.groups:
        table.add_row(Text(f"{group.kind}（{len(group.units)}）", style="bold"), *["" for _ in range(blanks)])
        for unit in group.units:
            cells = unit_cells(matrix, unit)
            chosen = cells[start:end] + (cells[len(matrix.items):] if totals else [])
            table.add_row(Text(f"  {unit.unit}"), *[
                Text(cell, style="dim") if cell == EMPTY else Text(cell) for cell in chosen
            ])
    counts = [matrix.item_counts(item) for item in items]
    table.add_section()
    padding = [""] * len(total_headers)
    table.add_row(Text("牵头单位数", style="bold"), *[str(lead) for lead, _ in counts], *padding)
    table.add_row(Text("配合单位数", style="bold"), *[str(support) for _, support in counts], *padding)
    return table


def matrix_record(matrix: Matrix) -> dict[str, Any]:
    plan = matrix.plan
    items = []
    for item in matrix.items:
        leads, supports = matrix.item_counts(item)
        section = plan.section_of(item)
        items.append({
            "no": item.no, "label": plan.label(item), "title": item.title,
            "section": section.title if section else None, "lead_stated": item.lead_stated,
            "open_ended": item.open_ended, "lead_units": leads, "support_units": supports,
        })
    units = [
        {"unit": u.unit, "kind": u.kind, "lead": u.lead, "lead_inferred": u.lead_inferred,
         "support": u.support, "total": u.total,
         "marks": {str(no): mark for (name, no), mark in matrix.marks.items() if name == u.unit}}
        for u in matrix.units
    ]
    return {"plan": plan.id, "title": plan.title, "items": items, "units": units,
            "kinds": [{"kind": g.kind, "units": [u.unit for u in g.units]} for g in matrix.groups]}


def matrix_json(matrix: Matrix) -> str:
    return to_json(matrix_record(matrix))


def matrix_csv(matrix: Matrix) -> str:
    headers = ["unit", "kind", *(str(item.no) for item in matrix.items),
               "lead", "lead_inferred", "support", "total"]
    rows = []
    for unit in matrix.units:
        marks = [matrix.mark(unit.unit, item.no) or "" for item in matrix.items]
        rows.append([unit.unit, unit.kind, *marks, len(unit.lead), len(unit.lead_inferred),
                     len(unit.support), unit.total])
    return to_csv(headers, rows)


def matrix_markdown(matrix: Matrix) -> str:
    headers = ["单位", "类别", *(str(item.no) for item in matrix.items), *TOTAL_HEADERS]
    rows = [[unit.unit, unit.kind, *unit_cells(matrix, unit)] for unit in matrix.units]
    lines = [f"## {matrix_title(matrix)}\n", md_table(headers, rows)]
    key = item_key_heading(matrix) + "　".join(entry.strip() for entry in item_key(matrix))
    lines.append("\n".join(f"> {line}" for line in [*notes(matrix), key]) + "\n")
    return "\n".join(lines)

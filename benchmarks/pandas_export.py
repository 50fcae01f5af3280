"""The script an office user would write instead of `qplan export`: read a plan file, make a
table of who does what, pivot it into a matrix and save both to Excel with pandas.

    python benchmarks/pandas_export.py PLAN.yaml OUT.xlsx

benchmarks/bench.py times it beside `qplan export` on the same plan. pandas is no dependency
of qplan: `make bench` installs it (the `bench` group in pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML


def main(source: Path, target: Path) -> None:
    doc = YAML(typ="safe", pure=False).load(source.read_text(encoding="utf-8"))
    items = [item for section in doc.get("sections") or [] for item in section["items"]]
    items += doc.get("items") or []
    table = pd.DataFrame([
        {"序号": item["no"], "重点任务": item["title"], "主要内容": item.get("text", ""),
         "牵头单位": "、".join(item["lead"]), "配合单位": "、".join(item.get("support") or [])}
        for item in items
    ])
    roles = pd.DataFrame([
        {"序号": item["no"], "单位": unit, "角色": role}
        for item in items
        for role, units in (("牵头", item["lead"]), ("配合", item.get("support") or []))
        for unit in units
    ])
    matrix = roles.pivot_table(index="序号", columns="单位", values="角色", aggfunc="first", fill_value="")
    counts = roles.pivot_table(index="单位", columns="角色", values="序号", aggfunc="count", fill_value=0)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="分工表", index=False)
        matrix.to_excel(writer, sheet_name="责任矩阵")
        counts.to_excel(writer, sheet_name="单位汇总")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

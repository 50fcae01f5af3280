"""Two small plans a year apart, written like the real ones, for the diff, trace and link tests.

2023 → 2024: five work lines continue reworded and renumbered, 2023 item 2 (防疫) is dropped,
2024 item 3 (绿色低碳认证) is new.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import SMALL_UNITS, item, small_plan

UNITS: dict[str, Any] = copy.deepcopy(SMALL_UNITS)
UNITS["units"] += [
    {"name": name, "kind": "市政府部门"}
    for name in ("市人社局", "市药品监管局", "市公安局", "市知识产权局", "市农业农村委", "市民政局",
                 "市商务委", "市生态环境局", "市发展改革委")
] + [
    {"name": "上海海关", "kind": "中央在沪单位"},
    {"name": "市高院", "kind": "司法机关"},
]

OLD_ITEMS = [
    item(1, "强化质量人才队伍建设", ["市市场监管局"], ["市人社局", "市教委"],
         text="深化企业首席质量官制度，构建一支立体化的企业质量管理队伍。加强创新型、技能型质量人才培养。"),
    item(2, "加强防疫产品保障", ["上海海关"], ["市市场监管局", "市药品监管局"],
         text="严格落实进出口医用防疫物资的质量安全检验与监管。加强沪产防疫用药上市后监管。"),
    item(3, "推动计量体系建设", ["市市场监管局"],
         text="推进国家产业计量测试中心建设，开展重点计量器具监督检查，推进诚信计量示范创建。"),
    item(4, "打击侵权假冒", ["市市场监管局"], ["市公安局", "市知识产权局"],
         text="持续开展打击侵权假冒工作，落实“昆仑”专项行动，加大知识产权刑事保护力度。"),
    item(5, "加强食品安全监管", ["市市场监管局"], ["上海海关", "市农业农村委"],
         text="持续推进国家食品安全示范城市创建，推进进口食品“国门守护”行动。"),
    item(6, "扩大优质服务供给", ["市市场监管局"], ["市民政局"],
         text="组织开展养老、家政、快递等重点领域服务质量监测，开展养老服务标准化试点。"),
]

NEW_ITEMS = [
    item(1, "提升服务质量水平", ["市市场监管局"], ["市民政局", "市商务委"],
         text="持续开展养老、家政等领域服务质量监测和提升，开展智慧养老院标准研制试点。"),
    item(2, "壮大质量人才队伍", ["市市场监管局"], ["市人社局"],
         text="加强质量技能培训，持续推进实施首席质量官制度，加大规上企业普及比例。开展计量青年骨干培训。"),
    item(3, "推进绿色低碳认证", ["市生态环境局"], ["市发展改革委"],
         text="开展碳排放核算与碳足迹认证试点，推广绿色产品认证和能效标识。"),
    item(4, "加强侵权假冒治理", ["市市场监管局"], ["市公安局", "市高院"],
         text="持续开展“铁拳”行动和打击侵权假冒工作，强化知识产权案件综合履职机制。"),
    item(5, "夯实计量基础", ["市市场监管局"],
         text="推进国家产业计量测试中心建设，加大对加油机、电动汽车充电桩等重点计量器具的监管力度。"),
    item(6, "守牢食品安全底线", ["市市场监管局"], ["上海海关"],
         text="深化国家食品安全示范城市建设，推进进口冷链食品追溯管理。"),
]

# (old no, new no) of the work lines that continue.
CONTINUED = {(6, 1), (1, 2), (4, 4), (3, 5), (5, 6)}


def plan_2023(items: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return small_plan(2023, copy.deepcopy(items if items is not None else OLD_ITEMS), **extra)


def plan_2024(items: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return small_plan(2024, copy.deepcopy(items if items is not None else NEW_ITEMS), **extra)


def renumbered(items: list[dict[str, Any]], order: list[int]) -> list[dict[str, Any]]:
    """The items in the given order (by old number), numbered 1, 2, … afresh."""
    by_no = {entry["no"]: entry for entry in items}
    out = []
    for position, no in enumerate(order, start=1):
        entry = copy.deepcopy(by_no[no])
        entry["no"] = position
        out.append(entry)
    return out


def numbered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items in list order, numbered 1, 2, … afresh."""
    out = copy.deepcopy(items)
    for position, entry in enumerate(out, start=1):
        entry["no"] = position
    return out

"""The words and marks every output uses for the same thing: one vocabulary for the
terminal, Markdown, HTML, JSON (which carries the English codes) and Excel.

Marks that terminals of East Asian locales may draw two cells wide have a narrow ASCII
stand-in (`ASCII_MARKS`), which the terminal renderer uses when asked to.
"""

from __future__ import annotations

from typing import Literal

# --- marks ---------------------------------------------------------------------------------

INFERRED_MARK = "※"  # a lead read from list order, not stated by the document
VIA_GROUP_MARK = "△"  # a role held through a group the unit is a recorded member of
ACTING_MARK = "▲"  # a bureau acting for the body the document names with it in brackets
GROUP_MARK = "◇"  # a group unit (市质量工作领导小组成员单位 …), listed apart in the graph
KEY_MARK = "★"  # a key project of a project list
WIDE_MARK = "◎"  # a role the document states once for every item (以下均需…，不再列出)
SECTION_UNITS_MARK = "†"  # units read from the overall responsibility the item's section states
SUBPOINT_UNITS_MARK = "‡"  # units merged from the brackets of the item's numbered sub-points
INFERRED_MATCH = "≈"  # a cross-plan match the tool inferred
CONFIRMED_MATCH = "✔"  # a cross-plan match a person confirmed (links: in the plan file)

Mark = Literal["lead", "lead_inferred", "support", "lead_wide", "support_wide"]
# An inferred lead is ※ everywhere: after a name (市卫健委※) and alone in a matrix cell.
MARK_SYMBOLS: dict[Mark, str] = {"lead": "●", "lead_inferred": INFERRED_MARK, "support": "○", "lead_wide": "◉",
                                 "support_wide": WIDE_MARK}
NO_MARK = "·"
# The words the workbooks and legends use for each mark.
MARK_LABELS: dict[Mark, str] = {"lead": "牵头", "lead_inferred": f"牵头{INFERRED_MARK}", "support": "配合",
                                "lead_wide": f"牵头{WIDE_MARK}", "support_wide": f"配合{WIDE_MARK}"}
ROLE_LABELS = {"lead": "牵头", "support": "配合"}

# Characters qplan itself draws that East Asian terminals may show two cells wide, with a
# stand-in that is one cell wide everywhere.
ASCII_MARKS: dict[str, str] = {
    INFERRED_MARK: "*", VIA_GROUP_MARK: "^", ACTING_MARK: "@", GROUP_MARK: "<>", KEY_MARK: "!",
    INFERRED_MATCH: "~", CONFIRMED_MATCH: "v", WIDE_MARK: "&", SECTION_UNITS_MARK: "+",
    SUBPOINT_UNITS_MARK: "++",
    "●": "#", "○": "o", "◉": "&", NO_MARK: ".",
}

# --- statuses -------------------------------------------------------------------------------

# Item statuses of a comparison and unit statuses share the words where they mean the
# same: added (only in the newer plan) and dropped (only in the older one).
STATUS_LABELS = {
    "continued": "延续",  # a confident match, or one a person confirmed
    "possible": "待确认",  # close, for a person to confirm or reject with `qplan link`
    "added": "新增",
    "dropped": "不再列入",
    "changed": "分工有变化",  # a unit whose lead or support items changed
    "same": "无变化",
}
ITEM_STATUSES = ("continued", "possible", "added", "dropped")
UNIT_STATUSES = ("added", "dropped", "changed", "same")

# Progress a unit reports for a period (推进情况表, 台账), and the ledger's three colours.
# JSON carries the English codes; every table, form and document the Chinese words.
PROGRESS_STATUSES = ("done", "on_track", "behind", "not_started")
PROGRESS_LABELS = {"done": "已完成", "on_track": "按进度推进", "behind": "滞后", "not_started": "未启动",
                   "unreported": "未报送"}
# Words offices also write for the same statuses (达进度, 欠进度 …), read as the four above.
PROGRESS_SYNONYMS = {"完成": "done", "提前完成": "done", "已办结": "done", "达进度": "on_track",
                     "超进度": "on_track", "正常推进": "on_track", "推进中": "on_track", "进行中": "on_track",
                     "欠进度": "behind", "进度滞后": "behind", "尚未启动": "not_started", "未开始": "not_started"}
FLAGS = ("red", "yellow", "green")
FLAG_LABELS = {"red": "红", "yellow": "黄", "green": "绿"}

# --- legends ---------------------------------------------------------------------------------

LEGEND_INFERRED = (
    f"{INFERRED_MARK} 牵头单位为推定：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定。"
)
LEGEND_OPEN = "“等”表示原文件所列单位未列全。"
LEGEND_UNITS_FROM = {
    "section": f"{SECTION_UNITS_MARK} 本项原文没有写责任单位，牵头、配合单位按所在部分标题写明的总体责任读出（推断）。",
    "sub-points": f"{SUBPOINT_UNITS_MARK} 本项原文没有写总的责任单位，牵头、配合单位取自各分项的括注，按出现顺序合并"
                  "（推断）。",
}
UNITS_FROM_MARKS = {"section": SECTION_UNITS_MARK, "sub-points": SUBPOINT_UNITS_MARK}
LEGEND_VIA = f"{VIA_GROUP_MARK} 经由所属单位群组承担（群组成员由用户登记）。"
LEGEND_ACTING = f"{ACTING_MARK} 代行：原文件写作“领导小组（某局）”，括号内的单位代该机构承担。"
LEGEND_KEY = f"{KEY_MARK} 为重点项目。"
LEGEND_WIDE = (f"{WIDE_MARK} 全文通用：原文件写一次、适用于全部条目的责任（如“以下均需各区人民政府落实,不再列出”），"
               "各条目中不再逐一列出。")
LEGEND_MATCH = (f"{INFERRED_MATCH} 对应关系由工具按标题、正文和单位推断，数值为相似度（0–1，1 为未改动）；"
                f"{CONFIRMED_MATCH} 为人工确认（记录在较新计划文件的 links 中）。")
LEGEND_SYMBOLS = f"{MARK_SYMBOLS['lead']} 牵头　{MARK_SYMBOLS['support']} 配合　{NO_MARK} 无"
LEGEND_INFERRED_SYMBOL = (f"{MARK_SYMBOLS['lead_inferred']} 推定牵头：原文件未写明“牵头单位”，"
                          "按“列第一位的为牵头单位”的惯例推定。")

"""The commands, each defined in one module of this package.

Each module defines `register(cli)`. A module is imported only when one of its commands is
run, so that `qplan show` does not pay for the others. What every command shares lives in
`qplan.commands.common`.
"""

from __future__ import annotations

import importlib

import click

# command name -> module under qplan.commands that defines it
LAZY_COMMANDS: dict[str, str] = {
    "show": "show",
    "units": "units",
    "plans": "units",
    "validate": "validate",
    "diff": "diff",
    "trace": "diff",
    "link": "diff",
    "export": "export",
    "matrix": "export",
    "import": "importer",
    "graph": "graph",
    "cover": "cover",
    "forms": "progress",
    "collect": "progress",
    "status": "progress",
    "summary": "progress",
}
MODULES: list[str] = sorted(set(LAZY_COMMANDS.values()))
# What `qplan --help` lists, so that listing does not import every module;
# tests/test_startup.py checks these against the commands' own help.
SHORT_HELP: dict[str, str] = {
    "cover": "对照多年行动方案与年度要点（或项目清单）：各项任务由哪些条目落实。",
    "collect": "收录各单位交回的推进情况表，汇总到计划文件夹的进展记录中。",
    "forms": "为各单位生成推进情况表（每个单位一个 Excel 文件），供下发填报。",
    "status": "工作台账：各任务、各单位本期的完成状态、是否报送、完成时限和三色预警。",
    "summary": "按计划的顺序起草推进情况总结：每项任务先列牵头单位、再列配合单位的报送内容。",
    "diff": "比对两个计划：哪些工作延续、哪些新增、哪些不再列入，各单位承担的变化。",
    "export": "把一个计划导出为 Excel 任务分工表，供印发、打印；也可为一个或每个单位各导出一份。",
    "graph": "单位与条目组成的关系网：谁承担得多，谁与谁合作最多，谁是桥梁，哪些单位自成一群。",
    "import": "读取计划原文（.txt 或 .docx）并生成计划 YAML 文件，同时报告读取情况。",
    "link": "记录人工判断：一条是否延续较早计划的某一条，是否落实行动方案的某项任务；确认、否定或撤销。",
    "matrix": "一个计划的责任矩阵：单位为行、条目为列，● 牵头、※ 推定牵头、○ 配合。",
    "plans": "列出计划文件夹中的计划：标题、文号、日期和条目数。",
    "show": "列出计划条目及牵头、配合单位，或一个单位的全部任务（--dept）；不给 PLAN 时用全部计划。",
    "trace": "追溯一个条目在各年度计划中的来龙去脉及所落实的行动方案任务，并给出每一步的把握。",
    "units": "各单位在各计划中牵头、配合的条目数和负荷，负荷重的在前。",
    "validate": "检查计划文件和单位登记表：语法、字段、序号、单位名称等。",
}


def load_command(cli: click.Group, name: str) -> click.Command | None:
    module_name = LAZY_COMMANDS.get(name)
    if module_name is None:
        return None
    module = importlib.import_module(f"qplan.commands.{module_name}")
    module.register(cli)
    return cli.commands.get(name)


def register(cli: click.Group) -> None:
    """Import every command module now (for tools that want the full command table)."""
    for name in MODULES:
        importlib.import_module(f"qplan.commands.{name}").register(cli)

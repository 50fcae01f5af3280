"""`qplan import`: the command as a user runs it, on the bundled sources and on bad input."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan.model import Plan
from qplan.planfile import read_plan

SOURCES = Path(__file__).parent / "fixtures" / "sources"
S2025 = SOURCES / "000_2471ba8324952689.txt"
S2022 = SOURCES / "001_add14eaf8bae3576.txt"
S2024 = SOURCES / "004_ee20d0c499cb3e4a.txt"
S2023 = SOURCES / "002_2846d98c788c2df9.txt"
S2018 = SOURCES / "003_58be386d2d57e46a.txt"
# What the 实施方案's text does not say, given as a user would (README).
S2018_GIVEN = ("--date", "2018", "--title", "上海市质量提升行动实施方案")


def content(plan: Plan) -> dict[str, Any]:
    """What a plan says, without what a person adds (links) or where it sits (file, line)."""
    return {
        "title": plan.title, "kind": plan.kind, "numbering": plan.numbering, "notes": plan.notes,
        "document": plan.document, "plan_wide": [(w.unit, w.role, w.from_item, w.note) for w in plan.plan_wide],
        "no_units": plan.no_units,
        "sections": [(s.no, s.title) for s in plan.sections],
        "items": [
            (i.no, i.title, i.text, i.lead, i.support, i.lead_stated, i.open_ended, i.section,
             i.responsibility, i.key, i.acting)
            for i in plan.items
        ],
    }


def imported(run: Callable[..., Result], plans: Path, source: Path, plan_id: str = "imported",
             given: tuple[str, ...] = ()) -> Plan:
    result = run("import", str(source), "--id", plan_id, *given, plans=plans)
    assert result.exit_code == 0, result.output
    return read_plan(plans / f"{plan_id}.yaml", plan_id)


@pytest.mark.parametrize(("source", "shipped", "given"), [
    pytest.param(S2025, "2025", (), id="2025"),
    pytest.param(S2022, "2022", (), id="2022"),
    pytest.param(S2024, "2024-chains", (), id="2024-chains"),
    pytest.param(S2023, "2023-2025", (), id="2023-2025"),
    pytest.param(S2018, "2018-实施方案", S2018_GIVEN, id="2018-implementation"),
])
def test_import_reproduces_the_shipped_plan(run: Callable[..., Result], shipped_plans: Path,
                                            source: Path, shipped: str, given: tuple[str, ...]) -> None:
    plan = imported(run, shipped_plans, source, given=given)
    assert content(plan) == content(read_plan(shipped_plans / f"{shipped}.yaml", shipped))


def test_the_action_plans_first_item_and_its_note(run: Callable[..., Result], shipped_plans: Path) -> None:
    """Item （一） reads lead 市农业农村委※, support 市市场监管局、上海海关、市知识产权局 等; the
    note for every task is read once, for the plan, and the report says so."""
    result = run("import", str(S2023), "--id", "again", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    plan = read_plan(shipped_plans / "again.yaml", "again")
    first = plan.items[0]
    assert (first.lead, first.lead_stated, first.support, first.open_ended) == (
        ["市农业农村委"], False, ["市市场监管局", "上海海关", "市知识产权局"], True)
    assert [(w.unit, w.role, w.from_item) for w in plan.plan_wide] == [("各区人民政府", "support", 1)]
    assert plan.kind == "multi-year"
    lines = result.stderr.splitlines()
    assert ("计划：上海市进一步提高产品、工程和服务质量行动方案(2023—2025年)"
            "（多年行动方案：标题写明跨年度的期限“2023—2025年”）") in lines
    assert ("全文通用的责任（plan_wide，原文写一次）：各区人民政府配合（一）及以下 22 项，"
            "原文“以下均需各区人民政府落实,不再列出”。各条目中不再重复列出，查询该单位时全部列出。") in lines
    assert "  （一）扩大安全优质农产品食品供给 —— 读自括注，按列第一位推定牵头：市农业农村委※；" \
           "配合：市市场监管局、上海海关、市知识产权局（原文以“等”结尾，未列全）" in lines


def test_a_document_without_a_date_names_the_clues(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("import", str(S2018), "--id", "x", plans=shipped_plans)
    assert result.exit_code == 1
    assert "文中可据以推定的线索：文中写“党的十九大”，成文应在党的十九大（2017年10月）之后；文中目标年为“到2020年”。" \
        in result.stderr
    assert "只知大约年份时写 --date 2018" in result.stderr
    assert not (shipped_plans / "x.yaml").exists()


def test_a_year_alone_is_recorded_as_inferred_with_its_basis(run: Callable[..., Result],
                                                              shipped_plans: Path) -> None:
    result = run("import", str(S2018), "--id", "x", *S2018_GIVEN, plans=shipped_plans)
    assert result.exit_code == 0, result.output
    text = (shipped_plans / "x.yaml").read_text(encoding="utf-8")
    assert "  date: 2018  # 推定：原文没有成文日期，请核对\n  date_inferred: true\n" in text
    assert "no_units: true\n" in text and "待补" not in text
    assert "  发文：（原文未写明） · 无文号 · 2018年（推定）" in result.stderr.splitlines()
    assert "需要人工处理：无。" in result.stderr.splitlines()
    assert ("第 176 行：各区、各部门、各单位要根据本实施方案，结合实际，… —— 文件的结束语，不属于（三十三）"
            in result.stderr)


@pytest.mark.parametrize(("title", "kind"), [
    pytest.param("某市质量提升行动方案（2026—2028年）", "multi-year", id="a-span-of-years"),
    pytest.param("某市质量提升三年行动计划", "multi-year", id="an-action-plan-without-a-year"),
    pytest.param("2026年某市质量工作要点", "plan", id="a-years-points"),
    pytest.param("2026年某市质量提升实施方案", "plan", id="a-years-implementation-plan"),
])
def test_the_kind_follows_the_title(run: Callable[..., Result], tmp_path: Path, title: str, kind: str) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(f"{title}\n一、甲\n（一）任务一。内容。（市市场监管局）\n2026年3月1日\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    assert run("import", str(source), "--id", "x", "--date", "2026-03-01", plans=plans).exit_code == 0
    assert read_plan(plans / "x.yaml", "x").kind == kind
    forced = run("import", str(source), "--id", "y", "--kind", "projects", "--date", "2026-03-01", plans=plans)
    assert forced.exit_code == 0 and read_plan(plans / "y.yaml", "y").kind == "projects"


def test_shipped_plans_validate_with_the_imported_one(run: Callable[..., Result], shipped_plans: Path) -> None:
    imported(run, shipped_plans, S2025, "2025-again")
    result = run("validate", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    # The only remark: the same document imported twice is flagged as a likely copy.
    assert "共发现 0 个错误、1 个警告（检查了 6 个计划文件）" in result.stderr
    assert "duplicate-plan: 与计划 2025-again 的标题和日期相同" in result.stdout


def test_dry_run_prints_the_yaml_and_writes_nothing(run: Callable[..., Result], shipped_plans: Path) -> None:
    before = sorted(p.name for p in shipped_plans.iterdir())
    result = run("import", str(S2025), "--id", "2026", "--dry-run", plans=shipped_plans)
    assert result.exit_code == 0
    assert sorted(p.name for p in shipped_plans.iterdir()) == before
    assert result.stdout.startswith("# 2025年上海市质量工作要点\n")
    assert "title: 2025年上海市质量工作要点\n" in result.stdout
    assert "      - no: 15\n        title: 加强侵权假冒治理\n" in result.stdout
    assert "未写入文件（--dry-run）" in result.stderr
    assert "title:" not in result.stderr


def test_dry_run_output_equals_the_written_file(run: Callable[..., Result], shipped_plans: Path) -> None:
    dry = run("import", str(S2022), "--id", "x", "--dry-run", plans=shipped_plans).stdout
    run("import", str(S2022), "--id", "x", plans=shipped_plans)
    assert (shipped_plans / "x.yaml").read_text(encoding="utf-8") == dry


def test_the_report_for_2025(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("import", str(S2025), "--id", "x", plans=shipped_plans)
    lines = result.stderr.splitlines()
    assert lines[0] == f"已读取 {S2025}（UTF-8），计划取自第二部分，已写入 {shipped_plans / 'x.yaml'}。"
    assert lines[1:12] == [
        "计划：2025年上海市质量工作要点",
        "  文件：2024年上海市质量工作总结和2025年上海市质量工作要点",
        "  发文：上海市质量工作领导小组 · 沪质〔2025〕1号 · 2025-04-01",
        "条目：15 项，（一）至（十五），分 5 个部分：",
        "  一、持续加强质量协同，凝聚质量强市建设合力：3 项",
        "  二、深入推进质量强企，促进企业质量变革创新：3 项",
        "  三、深入推进质量强链，推动重点产业链高质量发展：3 项",
        "  四、不断提升质量满意度，增强市民质量获得感：3 项",
        "  五、加强质量安全监管，守牢质量安全底线：3 项",
        "牵头单位的读法：按列第一位推定牵头 15 项。",
        "  ※ = 原文未写明牵头单位，按“列第一位的为牵头单位”推定。",
    ]
    assert "  （五）推进质量数字赋能 —— 读自括注，按列第一位推定牵头：市经济信息化委※" in lines
    assert ("  （十四）注重风险监测预警 —— 读自括注，按列第一位推定牵头：市市场监管局※；配合：上海海关") in lines
    assert "单位：全部在单位登记表中。" in lines
    assert "需要人工处理：无。" in lines
    assert ("  第 24 行：第一部分“2024年上海市质量工作总结”的 18 个编号段落 —— "
            "没有责任单位，是总结或说明，不是计划") in lines
    assert lines[-1] == "请对照原文核对后运行 `qplan validate x`。"


def test_the_report_for_2022_says_which_roles_were_stated(run: Callable[..., Result],
                                                           shipped_plans: Path) -> None:
    lines = run("import", str(S2022), "--id", "x", plans=shipped_plans).stderr.splitlines()
    assert "牵头单位的读法：原文写明牵头 8 项；按列第一位推定牵头 10 项。" in lines
    assert ("  （三）强化质量考核督查 —— 读自括注，原文写明牵头：市市场监管局、市委组织部；"
            "配合：市质量工作领导小组成员单位、各区质量工作领导小组") in lines
    assert ("  （五）开展重点产业质量提升行动 —— 读自括注，原文写明牵头：市经济信息化委、市市场监管局；"
            "配合：市统计局（原文以“等”结尾，未列全）") in lines
    assert ("  （十八）加强质量文化建设 —— 读自括注，原文写明牵头："
            "市质量工作领导小组成员单位、各区质量工作领导小组") in lines
    assert "  发文：上海市质量工作领导小组 · 无文号 · 2022-05-08" in lines


def test_unknown_units_are_listed_with_suggestions(run: Callable[..., Result],
                                                   make_plans: Callable[..., Path]) -> None:
    plans = make_plans({}, units={"units": [
        {"name": "市市场监管局", "kind": "市政府部门"},
        {"name": "市人力资源社会保障局", "kind": "市政府部门", "aliases": ["市人力社保局"]},
        {"name": "市卫生健康委", "kind": "市政府部门", "aliases": ["市卫健委"]},
    ]})
    result = run("import", str(S2025), "--id", "x", plans=plans)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert (f"不在单位登记表中的单位（24 个，类别按名称推定；请在 {plans / 'units.yaml'} 中登记或改正写法，"
            "或加 --register-new 一次登记，登记后请核对）：") in lines
    assert "  市人社局（市政府部门；（六）） —— 您是否要找：市人力资源社会保障局？" in lines
    assert "  市委宣传部（市委部门；（三）、（十三）、（十五））" in lines
    assert not any(line.startswith("  市卫生健康委") for line in lines)
    assert "需要人工处理：无。" not in lines
    assert (f"需要人工处理：上面 24 个单位不在单位登记表中，请在 {plans / 'units.yaml'} 中登记或改正"
            "计划文件中的写法（或重新导入并加 --register-new），`qplan validate` 会报错直到处理完。") in lines
    validate = run("validate", plans=plans)
    assert validate.exit_code == 1
    assert "unknown-unit" in validate.stdout


def test_never_overwrites_without_force(run: Callable[..., Result], shipped_plans: Path) -> None:
    target = shipped_plans / "2025.yaml"
    before = target.read_bytes()
    result = run("import", str(S2022), "--id", "2025", plans=shipped_plans)
    assert result.exit_code == 2
    assert f"错误：计划文件 {target} 已存在，未作改动。如要用导入结果替换它，请加 --force" in result.stderr
    assert target.read_bytes() == before
    forced = run("import", str(S2022), "--id", "2025", "--force", plans=shipped_plans)
    assert forced.exit_code == 0
    assert read_plan(target, "2025").title == "2022年上海市质量发展工作要点"


def test_a_failed_write_keeps_the_old_file(run: Callable[..., Result], shipped_plans: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = shipped_plans / "2025.yaml"
    before = target.read_bytes()

    def refuse(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("import", str(S2022), "--id", "2025", "--force", plans=shipped_plans)
    assert result.exit_code == 1
    assert "写入失败" in result.stderr and "原文件未被改动" in result.stderr
    assert target.read_bytes() == before
    assert [p.name for p in shipped_plans.rglob("*") if p.is_file() and p.name.startswith(".")
            and not p.name.endswith(".lock")] == []


@pytest.mark.parametrize(("plan_id", "message"), [
    pytest.param("../x", "计划编号“../x”含有路径符号", id="parent"),
    pytest.param("a/b", "计划编号“a/b”含有路径符号", id="slash"),
    pytest.param("", "计划编号为空", id="empty"),
    pytest.param(".hidden", "计划编号“.hidden”只能由字母、数字、汉字和 - _ . 组成", id="dot"),
    pytest.param("2026.yaml", "计划编号“2026.yaml”不要带后缀：请写 --id 2026", id="suffix"),
    pytest.param("units", "计划编号“units”与单位登记表 units.yaml 同名", id="registry"),
    pytest.param("Units", "计划编号“Units”与单位登记表 units.yaml 同名", id="registry-case"),
    pytest.param("2026\n", "计划编号“2026\\n”含有换行", id="newline"),
    pytest.param("2026.", "计划编号“2026.”不能以 . 结尾", id="trailing-dot"),
    pytest.param("con", "计划编号“con”是 Windows 保留的设备名", id="windows-device"),
    pytest.param("AUX.2026", "计划编号“AUX.2026”是 Windows 保留的设备名", id="windows-device-suffix"),
    pytest.param("2024-Chains", "计划编号“2024-Chains”与已有的计划“2024-chains”只差大小写", id="case-clash"),
])
def test_ids_that_are_not_file_names(run: Callable[..., Result], shipped_plans: Path, plan_id: str,
                                     message: str) -> None:
    before = sorted(p.name for p in shipped_plans.iterdir())
    result = run("import", str(S2025), "--id", plan_id, plans=shipped_plans)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：" + message)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in shipped_plans.iterdir()) == before


def _zip_without_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")


BAD_SOURCES: list[Any] = [
    pytest.param("empty.txt", b"", "文件为空，没有可导入的内容", id="empty"),
    pytest.param("blank.txt", "  \n\u3000\n".encode(), "文件为空", id="only-blanks"),
    pytest.param("binary.txt", bytes(range(256)) * 20, "这是二进制文件或无法识别的编码", id="binary"),
    pytest.param("noise.txt", bytes((i * 7919) % 251 + 1 for i in range(4000)), "这是二进制文件或无法识别的编码",
                 id="binary-without-nul"),
    pytest.param("notice.txt", "关于召开会议的通知\n\n请各单位准时参加。\n".encode(), "没有找到可识别的计划条目",
                 id="no-items"),
    pytest.param("fake.docx", b"this is not a zip", "不是有效的 .docx 文件（.docx 应是 zip 压缩包，此文件不是）",
                 id="docx-not-zip"),
    pytest.param("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "这是旧版 Word（.doc）",
                 id="old-doc"),
    pytest.param("scan.pdf", b"%PDF-1.4\n" + b"\x00" * 100, "这是 PDF 文件，无法直接读取", id="pdf"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_SOURCES)
def test_bad_sources(run: Callable[..., Result], shipped_plans: Path, tmp_path: Path, name: str,
                     data: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    before = sorted(p.name for p in shipped_plans.iterdir())
    result = run("import", str(source), "--id", "2026", plans=shipped_plans)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误：{source}: {message}")
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert sorted(p.name for p in shipped_plans.iterdir()) == before


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(_zip_without_word, "这个压缩包不是 Word 文档", id="zip-not-word"),
    pytest.param(lambda p: p.mkdir(), "这是一个文件夹，不是文件", id="folder"),
    pytest.param(lambda p: None, "文件不存在。请检查路径和文件名。", id="missing"),
])
def test_sources_that_are_not_files_of_text(run: Callable[..., Result], shipped_plans: Path, tmp_path: Path,
                                            make: Callable[[Path], None], message: str) -> None:
    source = tmp_path / "plan.docx"
    make(source)
    result = run("import", str(source), "--id", "2026", plans=shipped_plans)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误：{source}: {message}")
    assert not (shipped_plans / "2026.yaml").exists()


def test_missing_id_is_a_usage_error(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("import", str(S2025), plans=shipped_plans)
    assert result.exit_code == 2
    assert "缺少选项 --id" in result.stderr


def test_date_option(run: Callable[..., Result], shipped_plans: Path) -> None:
    plan = imported(run, shipped_plans, S2024, "chains")
    assert (plan.document.date_iso, plan.document.year_only, plan.document.date_inferred) == ("2024", True, True)
    result = run("import", str(S2024), "--id", "chains", "--force", "--date", "2024-04-15", plans=shipped_plans)
    assert result.exit_code == 0
    given = read_plan(shipped_plans / "chains.yaml", "chains").document
    assert (str(given.date), given.year_only, given.date_inferred) == ("2024-04-15", False, False)
    assert "  注意：按 --date 记为 2024-04-15。" in result.stderr.splitlines()
    bad = run("import", str(S2024), "--id", "c2", "--date", "2024年4月", plans=shipped_plans)
    assert bad.exit_code == 2
    assert "日期“2024年4月”格式不对，应写作 2025-04-01；只知年份时写 2018。" in bad.stderr


def test_help_is_chinese(run: Callable[..., Result]) -> None:
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "读取计划原文（.txt 或 .docx）并生成计划 YAML 文件" in result.stdout
    assert "--dry-run" in result.stdout and "只把生成的 YAML 打印到屏幕" in result.stdout


def test_import_into_a_folder_without_registry(run: Callable[..., Result], tmp_path: Path) -> None:
    plans = tmp_path / "empty-plans"
    plans.mkdir()
    result = run("import", str(S2022), "--id", "2022", plans=plans)
    assert result.exit_code == 0
    assert "不在单位登记表中的单位（32 个" in result.stderr
    assert (plans / "2022.yaml").exists()


def test_acting_bureau_finds_its_project(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("show", "--dept", "闵行区市场监管局", "--format", "json", plans=shipped_plans)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["plan"], r["no"], r["role"], r["acting_for"]) for r in rows] == [
        ("2024-chains", 1, "lead", "闵行区质量和标准化工作领导小组")
    ]
    assert rows[0]["via_group"] is None
    assert rows[0]["acting"] == {"闵行区质量和标准化工作领导小组": "闵行区市场监管局"}


def test_acting_is_marked_in_the_table(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("show", "2024-chains", "--dept", "普陀区市场监管局", "--format", "markdown", plans=shipped_plans)
    assert result.exit_code == 0
    # ★ marks a key project, in `show` as in the workbook: the title column is the same one.
    assert ("| 2 | ★光伏玻璃产业链质量提升 | 普陀区质量工作领导小组（普陀区市场监管局） |  | "
            "牵头▲（代普陀区质量工作领导小组） |") in result.stdout
    assert "> ★ 为重点项目。" in result.stdout
    assert "| 11 | 智能机器人产业链供应链质量提升 | 普陀区市场监管局 |  | 牵头 |" in result.stdout
    assert "> ▲ 代行：原文件写作“领导小组（某局）”，括号内的单位代该机构承担。" in result.stdout
    assert "△" not in result.stdout


def test_the_group_itself_is_found_too(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("show", "--dept", "闵行区质量和标准化工作领导小组", "--format", "json", plans=shipped_plans)
    rows = json.loads(result.stdout)
    assert [(r["no"], r["role"], r.get("acting_for")) for r in rows] == [(1, "lead", None)]


def test_district_units_are_registered(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("validate", "2024-chains", plans=shipped_plans)
    assert result.exit_code == 0, result.stdout
    shutil.copy(S2024, shipped_plans / "source.txt")
    lines = run("import", str(shipped_plans / "source.txt"), "--id", "c", plans=shipped_plans).stderr
    assert "单位：全部在单位登记表中。" in lines.splitlines()


def test_items_without_units_are_imported_and_listed(run: Callable[..., Result], shipped_plans: Path,
                                                     tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(
        "2026年要点\n一、甲\n（一）任务一。内容。（市教委）\n（二）任务二。内容。（市教委，另行通知）\n"
        "（三）任务三。内容。\n（四）任务四。内容。（配合单位：市科委）\n", encoding="utf-8")
    result = run("import", str(source), "--id", "2026", plans=shipped_plans)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert ("牵头单位的读法：按列第一位推定牵头 1 项；只有配合单位、未写牵头单位 1 项；"
            "责任单位无法识别 1 项；无责任单位 1 项。") in lines
    assert lines[lines.index("需要人工处理（3 项，lead 为空，`qplan validate` 会报错直到填写）："):][1:4] == [
        "  （二）任务二：责任单位无法识别，原文“（市教委，另行通知）”（“另行通知”不是可识别的单位名称）",
        "  （三）任务三：原文没有写责任单位",
        "  （四）任务四：原文只写了配合单位，没有牵头单位",
    ]
    plan = read_plan(shipped_plans / "2026.yaml", "2026")
    assert [(i.no, i.lead, i.support, i.responsibility) for i in plan.items] == [
        (1, ["市教委"], [], "（市教委）"), (2, [], [], "（市教委，另行通知）"), (3, [], [], None),
        (4, [], ["市科委"], "（配合单位：市科委）"),
    ]
    validate = run("validate", "2026", plans=shipped_plans)
    assert validate.exit_code == 1
    assert validate.stdout.count("no-lead") == 3


def test_id_that_disagrees_with_the_documents_year_is_pointed_out(run: Callable[..., Result],
                                                                   shipped_plans: Path) -> None:
    result = run("import", str(S2025), "--id", "2027", "--dry-run", plans=shipped_plans)
    assert result.exit_code == 0
    assert "注意：计划编号 2027 与文件的日期（2025 年）不一致。如编号写错，请改用 --id 2025 重新导入。" in result.stderr
    assert "注意：计划编号" not in run("import", str(S2025), "--id", "2025b", "--dry-run", plans=shipped_plans).stderr


def test_invisible_characters_in_unit_names_are_removed_and_reported(run: Callable[..., Result],
                                                                    shipped_plans: Path, tmp_path: Path) -> None:
    source = tmp_path / "要点.txt"
    source.write_text("2031年质量工作要点\n一、甲\n"
                      "（一）加强\u200b质量（试\u200b行）。内容。（市市场监管局\u200b、市教委）\n"
                      "（二）提升服务。内容。（牵头单位：市教委\u2060，配合单位：\ufeff市卫生健康委）\n"
                      "（三）做好工作。内容。（\u202e市教委、市卫生健康委\u200d）\n2031年3月1日\n", encoding="utf-8")
    result = run("import", str(source), "--id", "2031", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    plan = read_plan(shipped_plans / "2031.yaml", "2031")
    assert [(i.title, i.lead, i.support) for i in plan.items] == [
        ("加强质量（试行）", ["市市场监管局"], ["市教委"]),
        ("提升服务", ["市教委"], ["市卫生健康委"]),
        ("做好工作", ["市教委"], ["市卫生健康委"]),
    ]
    # The bracket is kept as the document wrote it.
    assert plan.items[0].responsibility == "（市市场监管局\u200b、市教委）"
    for line in [
        "（一）单位名称“市市场监管局[U+200B]”中有看不见的字符（第 7 个字符 U+200B 零宽空格），已删除，"
        "读作“市市场监管局”",
        "（二）单位名称“市教委[U+2060]”中有看不见的字符（第 4 个字符 U+2060 字连接符），已删除，读作“市教委”",
        "（二）单位名称“[U+FEFF]市卫生健康委”中有看不见的字符（第 1 个字符 U+FEFF 零宽不换行空格（BOM）），已删除，",
        "（三）单位名称“[U+202E]市教委”中有看不见的字符（第 1 个字符 U+202E 从右到左覆盖），已删除，读作“市教委”",
        "（三）单位名称“市卫生健康委[U+200D]”中有看不见的字符（第 7 个字符 U+200D 零宽连字），已删除，",
        # The title's too (加强\u200b质量（试\u200b行）): counted over the whole document.
        "原文中有看不见的字符 4 个（U+200B 零宽空格 3 个、U+FEFF 零宽不换行空格（BOM） 1 个），网页复制的文字常带有，"
        "已删除；在单位名称中的，各条另有说明。",
    ]:
        assert line in result.output
    # The plan it wrote is not refused.
    checked = run("validate", "2031", plans=shipped_plans)
    assert checked.exit_code == 0, checked.output
    assert "invisible-character" not in checked.output

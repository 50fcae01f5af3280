"""`qplan import --force` over an existing plan keeps what people recorded in it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from ruamel.yaml import YAML

from qplan.importer.writer import LEGACY_HEADER_LINES
from tests.conftest import SHIPPED_PLANS, item, small_plan, write_yaml
from tests.test_import import S2024, S2025

Run = Callable[..., Result]
NOTE_ABOVE = "# 第三条：市局王科长 4月12日确认"
NOTE_BESIDE = "# 与区里核对过"


def links_of(path: Path) -> dict[int, dict[str, list[str]]]:
    doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return {item["no"]: item["links"] for section in doc["sections"] for item in section["items"]
            if item.get("links")}


@pytest.fixture
def annotated(run: Run, shipped_plans: Path) -> Path:
    """The shipped 2025 plan with two more decisions and two hand comments."""
    assert run("link", "2025#3", "--continues", "2022#5", plans=shipped_plans).exit_code == 0
    assert run("link", "2025#5", "--not", "2022#3", plans=shipped_plans).exit_code == 0
    path = shipped_plans / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      - no: 3\n", f"      {NOTE_ABOVE}\n      - no: 3\n", 1)
    text = text.replace("        title: 强化质量强区建设\n", f"        title: 强化质量强区建设  {NOTE_BESIDE}\n", 1)
    path.write_text(text, encoding="utf-8")
    return shipped_plans


def changed_source(tmp_path: Path, edit: Callable[[list[str]], None]) -> Path:
    lines = S2025.read_text(encoding="utf-8").split("\n")
    edit(lines)
    source = tmp_path / "修订稿.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    return source


def plan_part_line(lines: list[str], label: str) -> int:
    """The line of item `label` in the plan (part 2), not in the summary (part 1)."""
    return [index for index, line in enumerate(lines) if line.startswith(label)][-1]


def test_the_same_document_again_keeps_every_decision_and_comment(run: Run, annotated: Path) -> None:
    path = annotated / "2025.yaml"
    before = path.read_text(encoding="utf-8")
    decisions = links_of(path)
    result = run("import", str(S2025), "--id", "2025", "--force", plans=annotated)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert links_of(path) == decisions
    assert f"      {NOTE_ABOVE}\n      - no: 3\n" in after
    assert f"        title: 强化质量强区建设  {NOTE_BESIDE}\n" in after
    # Every hand comment of the old file is still there, in the same order.
    old_comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    new_comments = [line.strip() for line in after.splitlines() if "#" in line]
    assert all(any(comment in line for line in new_comments) for comment in old_comments)
    assert f"人工判断：已保留 {sum(len(v) for d in decisions.values() for v in d.values())} 项" in result.stderr
    history = list((annotated / ".history").iterdir())
    assert len(history) == 1 and history[0].name.startswith("2025.")
    assert history[0].read_text(encoding="utf-8").endswith(before)
    assert f"原文件已保存到 {history[0]}" in result.stderr
    plans = run("plans", "--format", "json", plans=annotated)
    assert plans.exit_code == 0 and '"2025.' not in plans.stdout


def test_an_english_header_of_an_earlier_version_is_replaced_not_kept(run: Run, shipped_plans: Path) -> None:
    """Files imported by earlier versions start with English comments: a re-import writes the
    Chinese header and does not carry the old lines over as if a person had written them."""
    path = shipped_plans / "2024-chains.yaml"
    text = path.read_text(encoding="utf-8")
    old_header = [line for line in LEGACY_HEADER_LINES if "projects" in line or "acts for it" in line
                  or "table names" in line]
    first_data = text.index("\ntitle:")
    text = ("# 上海市产业链供应链质量联动提升项目名单\n# Imported by `qplan import` from 004_ee20d0c499cb3e4a.txt"
            "（附件表格）. Check it against the document.\n" + "\n".join(sorted(old_header)) + text[first_data:])
    path.write_text(text, encoding="utf-8")
    result = run("import", str(S2024), "--id", "2024-chains", "--force", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "Imported by" not in after and not any(line in after for line in old_header)
    assert after.startswith("# 上海市产业链供应链质量联动提升项目名单\n# 由 qplan import 从 ")


def test_the_shipped_plan_files_have_chinese_headers() -> None:
    for path in sorted(SHIPPED_PLANS.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line for line in lines if line.lstrip().startswith("#")]
        assert comments, path
        assert [line for line in comments if line.strip("# ") and not re.search(r"[\u4e00-\u9fff]", line)
                and not line.lstrip("# ").startswith(("renamed_from", "- {name", "members"))] == [], path
        assert not set(comments) & LEGACY_HEADER_LINES, path


def test_a_changed_document_lists_what_it_could_not_keep(run: Run, annotated: Path, tmp_path: Path) -> None:
    path = annotated / "2025.yaml"
    before = path.read_text(encoding="utf-8")
    source = changed_source(tmp_path, lambda lines: lines.pop(plan_part_line(lines, "（三）")))
    result = run("import", str(source), "--id", "2025", "--force", plans=annotated)
    assert result.exit_code == 0, result.output
    assert "人工判断：1 项无法带入（原条目在新文件中找不到对应）" in result.stderr
    assert "原第 3 条“强化质量宣传交流”：确认延续 2022#5" in result.stderr
    assert "手写注释：1 条无法带入（所属条目已不在）" in result.stderr and NOTE_ABOVE in result.stderr
    links = links_of(path)
    assert 3 not in links and links[5] == {"not": ["2022#3"]}
    history = next((annotated / ".history").iterdir())
    kept = history.read_text(encoding="utf-8")
    assert kept.endswith(before) and "原第 3 条 确认延续 2022#5" in kept


def test_a_decision_follows_its_item_to_a_new_number(run: Run, annotated: Path, tmp_path: Path) -> None:
    def insert_item(lines: list[str]) -> None:
        at = plan_part_line(lines, "（一）")
        lines.insert(at, "（一）新增一项全新的工作。建立城市数字孪生质量监测体系，试点无人机巡检。（市经济信息化委）")
        for label, following in zip("一二三四五六七八九十", "二三四五六七八九十", strict=False):
            index = plan_part_line(lines, f"（{label}）")
            if index > at:
                lines[index] = f"（{following}）" + lines[index][len(label) + 2:]

    later = small_plan(2026, [item(1, "继续宣传", ["市市场监管局"], links={"continues": ["2025#3"]})])
    write_yaml(annotated / "2026.yaml", later)
    source = changed_source(tmp_path, insert_item)
    result = run("import", str(source), "--id", "2025", "--force", plans=annotated)
    assert result.exit_code == 0, result.output
    assert "原第 3 条“强化质量宣传交流”的判断（确认延续 2022#5）按内容对应转到新第 4 条，请核对。" in result.stderr
    assert "计划 2026 第 1 条的判断指向 2025#3：现为第 4 条。" in result.stderr
    assert links_of(annotated / "2025.yaml")[4]["continues"] == ["2022#5"]
    text = (annotated / "2025.yaml").read_text(encoding="utf-8")
    assert f"      {NOTE_ABOVE}\n      - no: 4\n" in text


def test_dry_run_reports_the_same_and_writes_nothing(run: Run, annotated: Path, tmp_path: Path) -> None:
    path = annotated / "2025.yaml"
    before = path.read_bytes()
    source = changed_source(tmp_path, lambda lines: lines.pop(plan_part_line(lines, "（三）")))
    dry = run("import", str(source), "--id", "2025", "--dry-run", plans=annotated)
    assert dry.exit_code == 0, dry.output
    assert path.read_bytes() == before and not (annotated / ".history").exists()
    assert "原第 3 条“强化质量宣传交流”：确认延续 2022#5" in dry.stderr
    assert "原文件将保存到" in dry.stderr
    real = run("import", str(source), "--id", "2025", "--force", plans=annotated)
    assert dry.stdout == path.read_text(encoding="utf-8")
    def carried(stderr: str) -> list[str]:
        return [line.replace("将保留", "已保留") for line in stderr.splitlines()
                if line.startswith(("人工判断", "　　原第", "手写注释"))]

    assert carried(dry.stderr) == carried(real.stderr) != []


def test_the_source_is_checked_before_the_target(run: Run, shipped_plans: Path, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "没有这个文件.docx"), "--id", "2025", plans=shipped_plans)
    assert result.exit_code == 1
    assert "没有这个文件.docx: 文件不存在" in result.stderr and "已存在" not in result.stderr


def test_decisions_on_tasks_a_re_import_moved_are_named() -> None:
    """Re-importing a multi-year plan: an annual plan's `carries` pointing at a task that moved
    is named like a `continues` would be."""
    from qplan.importer.reimport import incoming_links
    from qplan.model import Document, Item, ItemRef, Links, Plan

    annual = Plan("2025", "要点", Document("要点", "某", None), [
        Item(1, "甲", lead_stated=True, links=Links(carries=[ItemRef("2023-2025", 15)])),
        Item(2, "乙", lead_stated=True, links=Links(not_carries=[ItemRef("2023-2025", 3)]))])
    assert incoming_links([annual], "2023-2025", {15: 16, 3: None}) == [
        ("2025", 1, "2023-2025#15", 16), ("2025", 2, "2023-2025#3", None)]

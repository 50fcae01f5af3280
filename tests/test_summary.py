"""`qplan summary`: the draft 总结 in the plan's order, lead first, missing reports marked,
as Markdown and as a Word document in official-document style."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from tests.conftest import write_yaml
from tests.progress_data import PLANS, libreoffice

Run = Callable[..., Result]


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    folder = make_plans(PLANS)
    (folder / "progress" / "2025").mkdir(parents=True)
    write_yaml(folder / "progress" / "2025" / "2025.yaml", {"plan": "2025", "period": "2025", "reports": [
        {"item": 1, "unit": "市市场监管局", "status": "已完成", "progress": "完成中期评估。\n发布评估报告。",
         "problems": "", "next_steps": "谋划新一轮举措。", "evidence": "评估报告", "collected": dt.date(2026, 1, 5)},
        {"item": 2, "unit": "市教委", "status": "按进度推进", "progress": "开展培训 3 场。"},
    ]})
    return folder


def _summary(run: Run, plans: Path, *args: str) -> Result:
    return run("summary", "2025", "--period", "2025", "--today", "2026-01-10", *args, plans=plans)


def test_markdown_follows_the_plan_lead_first_and_marks_what_is_missing(plans: Path, run: Run) -> None:
    result = _summary(run, plans, "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines[0] == "# 2025年质量工作要点2025年度推进情况总结（初稿）"
    assert lines[1].startswith("根据各单位报送的2025年度推进情况汇总整理（截至2026年1月10日）。"
                               "计划共 3 项任务；牵头单位：已完成 1 项次、按进度推进 0 项次、滞后 0 项次、"
                               "未启动 0 项次、未报送 2 项次。")
    assert lines[2:15] == [
        "## 一、第一部分",
        "### （一）强化质量政策供给",
        "**市市场监管局（牵头）：**〔已完成〕完成中期评估。",
        "发布评估报告。",
        "下步计划：谋划新一轮举措。",
        "佐证材料：评估报告",
        "### （二）提升服务质量水平",
        "【未报送】市卫生健康委（牵头）本期未报送推进情况。",
        "**市教委（配合）：**〔按进度推进〕开展培训 3 场。",
        "【未报送】市市场监管局（配合）本期未报送推进情况。",
        "### （三）推进质量数字赋能",
        "【未报送】市经济信息化委（牵头）本期未报送推进情况。",
        "> 【未报送】：该单位本期尚未报送推进情况，请催报后补入。",
    ]


def test_the_docx_is_an_official_style_document(plans: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "2025年总结（初稿）.docx"
    result = _summary(run, plans, "-o", str(target))
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2025年质量工作要点2025年度推进情况总结（初稿）"
    assert "一、第一部分" in texts and "（二）提升服务质量水平" in texts
    assert "市市场监管局（牵头）：〔已完成〕完成中期评估。" in texts
    assert "【未报送】市卫生健康委（牵头）本期未报送推进情况。" in texts
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    fonts = {p.text: p.runs[0]._r.rPr.rFonts.get(east_asia) for p in document.paragraphs if p.runs}
    assert fonts[texts[0]] == "方正小标宋简体"
    assert fonts["一、第一部分"] == "黑体"
    assert fonts["（二）提升服务质量水平"] == "楷体_GB2312"
    missing = next(p for p in document.paragraphs if p.text.startswith("【未报送】"))
    assert missing.runs[0].font.color.rgb is not None and missing.runs[0].bold
    with zipfile.ZipFile(target) as archive:
        footer = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
        fonts_table = archive.read("word/fontTable.xml").decode()
    assert 'w:instr="PAGE"' in footer and "— " in footer
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts_table
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts_table


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
def test_the_docx_opens_in_libreoffice(plans: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "总结.docx"
    assert _summary(run, plans, "-o", str(target)).exit_code == 0
    program = libreoffice()
    assert program is not None
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "总结.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and re.search(rb"/Type\s*/Pages?\b", pdf)


def test_a_period_with_nothing_collected_marks_every_unit(make_plans: Callable[..., Path], run: Run) -> None:
    result = run("summary", "2025", "--period", "2025Q3", "--format", "markdown", plans=make_plans(PLANS))
    assert result.exit_code == 0
    assert "还没有收录任何报送" in result.stderr
    assert sum(line.startswith("【未报送】") for line in result.stdout.splitlines()) == 5  # every duty


def test_output_suffix_decides_the_format(plans: Path, run: Run, tmp_path: Path) -> None:
    assert _summary(run, plans, "-o", str(tmp_path / "a.md")).exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# 2025年质量工作要点")
    refused = _summary(run, plans, "-o", str(tmp_path / "a.xlsx"))
    assert refused.exit_code == 2 and ".docx" in refused.stderr


def test_a_draft_someone_edited_is_never_replaced_without_force(plans: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "总结.docx"
    assert _summary(run, plans, "-o", str(target)).exit_code == 0
    assert _summary(run, plans, "-o", str(target)).exit_code == 0  # unchanged since qplan wrote it: replaced
    document = Document(str(target))
    document.add_paragraph("办公室修改：补充全年数据。")
    document.save(str(target))
    edited = target.read_bytes()
    refused = _summary(run, plans, "-o", str(target))
    assert refused.exit_code == 1
    assert "修改过" in refused.stderr and "--force" in refused.stderr
    assert target.read_bytes() == edited
    assert _summary(run, plans, "-o", str(target), "--force").exit_code == 0
    assert "办公室修改" not in "".join(p.text for p in Document(str(target)).paragraphs)

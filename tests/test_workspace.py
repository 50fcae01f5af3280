"""Loading plan files, and every way a file can be broken."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import item, small_plan

GOOD = small_plan(2022, [item(1, "加强制度建设", ["市市场监管局"])])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", "2025.yaml: 文件为空", id="empty"),
        pytest.param(b"   \n\n", "2025.yaml: 文件为空", id="blank"),
        pytest.param(b"PK\x03\x04\x00\x00binary", "2025.yaml: 这是二进制文件", id="binary"),
        pytest.param("title: 要点\nitems: 计划\n".encode("gb18030"), "2025.yaml:1: 文件不是 UTF-8 编码",
                     id="gbk"),
        pytest.param("title: 要点\ndocument: [a, b\nsections: []\n".encode(),
                     "2025.yaml:2: 从这一行开始的“[”没有用“]”闭合", id="syntax"),
        pytest.param("title: 甲\ntitle: 乙\n".encode(), "2025.yaml:2: 键“title”在同一层出现了两次（第 1 行已经写过）",
                     id="duplicate-key"),
        pytest.param(b"- just\n- a list\n", "2025.yaml:1: 计划文件格式有误：计划文件的顶层应为映射", id="not-a-map"),
        pytest.param("title: 要点\ndocument:\n  title: 加强\x1b[2J质量\n".encode(),
                     "2025.yaml:3: 第 12 个字符是 U+001B 转义符 ESC，YAML 文件不能含有这种控制字符",
                     id="control-character"),
        pytest.param("title: 要点\ndocument:\n  title: !custom_tag 测试条目\n".encode(),
                     "2025.yaml:3: 这里的值带有 YAML 标签“!custom_tag”。", id="custom-tag"),
        pytest.param("title: 要点\nitems:\n  - title: !!python/name:os.system\n".encode(),
                     "2025.yaml:3: 这里的值带有 YAML 标签“!!python/name:os.system”。", id="python-tag"),
    ],
)
def test_unreadable_plan_file(make_plans: Callable[..., Path], run: Callable[..., Result],
                              content: bytes, expected: str) -> None:
    plans = make_plans({"2022": GOOD, "2025": content})
    result = run("show", "2025", plans=plans)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_wrong_type_names_file_and_line(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    broken = small_plan(2025, [item(1, "甲", ["市市场监管局"]) | {"no": "一"}])
    plans = make_plans({"2025": broken})
    result = run("show", "2025", plans=plans)
    assert result.exit_code == 1
    assert result.stderr.endswith("2025.yaml:10: 计划文件格式有误：第 1 部分第 1 个条目的 no 应为整数（如 7），"
                                  "现在是“一”。请改正。\n")


def test_broken_plan_does_not_stop_another(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": GOOD, "2025": "title: [broken\n"})
    result = run("show", "2022", "--format", "json", plans=plans)
    assert result.exit_code == 0
    assert '"title": "加强制度建设"' in result.stdout
    assert result.stderr == ""


def test_show_all_reports_broken_plan_and_shows_the_rest(make_plans: Callable[..., Path],
                                                         run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": GOOD, "2025": "title: [broken\n"})
    result = run("show", "--format", "json", plans=plans)
    assert result.exit_code == 1
    assert '"plan": "2022"' in result.stdout
    assert "2025.yaml:" in result.stderr and "已跳过" in result.stderr


def test_missing_plans_folder(tmp_path: Path, run: Callable[..., Result]) -> None:
    result = run("show", plans=tmp_path / "nowhere")
    assert result.exit_code == 2
    assert f"计划文件夹“{tmp_path / 'nowhere'}”不存在" in result.stderr


def test_plans_folder_from_environment(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": GOOD})
    result = run("show", "--format", "csv", env={"QPLAN_PLANS": str(plans)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("2022,1,加强制度建设")


def test_unknown_plan_id(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": GOOD})
    result = run("show", "2030", plans=plans)
    assert result.exit_code == 2
    assert "计划“2030”不存在" in result.stderr and "现有计划：2022" in result.stderr


def test_empty_folder(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({})
    result = run("show", plans=plans)
    assert result.exit_code == 1
    assert "没有计划文件" in result.stderr


def test_broken_registry_names_file_and_line(make_plans: Callable[..., Path], run: Callable[..., Result],
                                             tmp_path: Path) -> None:
    plans = make_plans({"2022": GOOD})
    (plans / "units.yaml").write_text("units:\n  - name: 甲\n    kind: [\n", encoding="utf-8")
    result = run("show", "2022", plans=plans)
    assert result.exit_code == 1
    assert "units.yaml:3: 文件在括号还没有闭合时就结束了" in result.stderr


def test_progress_is_shown_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from qplan.commands.common import busy, progress_reporter

    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert progress_reporter("读取") is None
    with busy("正在比对", after=0.0):
        time.sleep(0.4)
    assert capsys.readouterr().err == ""


def test_progress_ticks_and_clears_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys
    import time

    from qplan.commands.common import busy, progress_reporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    # The ticking thread is waited for, not given a fixed time: on a loaded machine it may be
    # scheduled late (and then shows 1 秒 rather than 0 秒).
    deadline = time.monotonic() + 60
    with busy("正在比对", after=0.0):
        while "秒" not in terminal.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert re.search(r"^\r正在比对… \d+ 秒", terminal.getvalue()), terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    report = progress_reporter("读取计划文件", minimum=1)
    assert report is not None
    time.sleep(0.55)
    report(3, 3)
    assert terminal.getvalue().endswith("\r读取计划文件 3/3…\n")


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-20"])
def test_impossible_date_names_file_and_line(make_plans: Callable[..., Path], run: Callable[..., Result],
                                             date: str) -> None:
    broken = small_plan(2026, [item(1, "甲", ["市市场监管局"])])
    text = Path(make_plans({"2026": broken}) / "2026.yaml").read_text(encoding="utf-8")
    plans = make_plans({"2026": text.replace("'2026-04-01'", date), "2022": GOOD})
    for command in (["validate"], ["show", "2026"], ["plans"]):
        result = run(*command, plans=plans)
        assert result.exit_code == 1, command
        assert f"2026.yaml:5: 错误 file-read: 日期“{date}”不存在" in result.output or \
            f"2026.yaml:5: 日期“{date}”不存在" in result.output, (command, result.output)
    assert '"plan": "2022"' in run("show", "--format", "json", plans=plans).stdout


def test_duplicate_item_numbers_stop_the_plan_not_the_others(make_plans: Callable[..., Path],
                                                             run: Callable[..., Result]) -> None:
    twice = small_plan(2026, [item(1, "甲", ["市市场监管局"]), item(1, "乙", ["市教委"])])
    plans = make_plans({"2026": twice, "2022": GOOD})
    result = run("show", "2026", plans=plans)
    assert result.exit_code == 1
    assert "2026.yaml:17: 计划文件格式有误：序号 1 重复（第 10 行已有）" in result.stderr
    assert run("show", "2022", plans=plans).exit_code == 0


@pytest.mark.parametrize("where", ["plan", "registry", "progress"])
def test_no_tag_ever_runs_code(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path,
                               where: str) -> None:
    marker = tmp_path / "ran"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    plans = make_plans({"2022": GOOD, "2025": small_plan(2025, [item(1, "甲", ["市市场监管局"])])})
    if where == "plan":
        target = plans / "2025.yaml"
        target.write_text(target.read_text(encoding="utf-8").replace("title: 甲", f"title: {tag}"), encoding="utf-8")
    elif where == "registry":
        target = plans / "units.yaml"
        target.write_text(target.read_text(encoding="utf-8") + f"extra: {tag}\n", encoding="utf-8")
    else:
        target = plans / "progress" / "2025" / "2025H1.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(f'plan: "2025"\nperiod: 2025H1\nreports:\n  - item: 1\n    unit: {tag}\n',
                          encoding="utf-8")
    commands = [["validate"], ["status", "2025", "--period", "2025H1"]]
    commands += [["show", "2025", "--dept", "市局", "--status"]] if where == "progress" else [["show"], ["plans"]]
    for command in commands:
        result = run(*command, plans=plans)
        assert result.exit_code != 0 or where == "progress", command
        assert f"{target.name}:" in result.output and "YAML 标签“!!python/object/apply:os.system”" in result.output
    assert not marker.exists()


def _odd_entries(plans: Path, tmp_path: Path) -> dict[str, str]:
    """Entries of a plans folder that look like plans but cannot be read as plans, and what
    each is said to be."""
    (plans / "2031.yaml").symlink_to("nowhere.yaml")
    (plans / "2032.yaml").symlink_to("2032.yaml")
    (plans / "2033.yaml").mkdir()
    (plans / "2034.yaml").symlink_to(tmp_path)
    os.mkfifo(plans / "2035.yaml")
    shutil.copy(plans / "2022.yaml", plans / "2036.YAML")
    shutil.copy(plans / "2022.yaml", plans / "2022.yml")
    shutil.copy(plans / "units.yaml", plans / "units.yml")
    return {
        "2031.yaml": "这是一个符号链接，它指向的“nowhere.yaml”不存在（链接已断开）",
        "2032.yaml": "这是一个循环的符号链接",
        "2033.yaml": "这是一个文件夹，名字却像计划文件",
        "2034.yaml": f"这是一个指向文件夹“{tmp_path}”的符号链接",
        "2035.yaml": "这是命名管道（FIFO），不是普通文件",
        "2036.YAML": "后缀是大写的“.YAML”",
        "2022.yml": "与 2022.yaml 的计划编号相同",
        "units.yml": "单位登记表须命名为 units.yaml",
    }


def test_every_entry_that_cannot_be_read_is_pointed_out(make_plans: Callable[..., Path],
                                                        run: Callable[..., Result], tmp_path: Path) -> None:
    plans = make_plans({"2022": GOOD})
    expected = _odd_entries(plans, tmp_path)
    result = run("validate", "--format", "json", plans=plans)
    assert result.exit_code == 1
    found = {Path(p["file"]).name: p["message"] for p in json.loads(result.stdout)}
    assert set(found) == set(expected)
    for name, words in expected.items():
        assert words in found[name], name
    assert "检查通过" not in result.stderr
    for command in (["plans"], ["show"], ["units"]):
        result = run(*command, plans=plans)
        assert result.exit_code == 1, command
        for name in expected:
            assert f"{plans / name}" in result.stderr, (command, name)
    assert run("show", "2022", plans=plans).exit_code == 0  # a plan that is fine still answers alone


def test_a_registry_that_is_a_broken_symlink_is_no_missing_registry(make_plans: Callable[..., Path],
                                                                    run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": GOOD}, units=None)
    (plans / "units.yaml").symlink_to("office/units.yaml")
    for command in (["show", "--dept", "市局"], ["show"], ["validate"]):
        result = run(*command, plans=plans)
        assert result.exit_code == 1, command
        assert "units.yaml: " in result.output, command
        assert "这是一个符号链接，它指向的“office/units.yaml”不存在（链接已断开）" in result.output, command

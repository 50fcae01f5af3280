"""One normalisation of unit names (qplan.names), used by plans, the registry, progress files,
the parse cache's unit index and the command line alike."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan.cache import ParseCache
from qplan.names import (
    InvisibleCharacterError,
    describe,
    invisible_at,
    name_problem,
    normal_name,
    spelling_changes,
    typed_name,
)
from tests.conftest import SMALL_UNITS, item, small_plan, write_yaml

Run = Callable[..., Result]

BODY = "闵行区质量和标准化工作领导小组（闵行区市场监管局）"


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("市市场监管局", "市市场监管局", id="plain"),
    pytest.param("市市场监管局 ", "市市场监管局", id="trailing-space"),
    pytest.param("市市场监管局\u00a0", "市市场监管局", id="trailing-nbsp"),
    pytest.param("\u3000市市场监管局\u3000", "市市场监管局", id="ideographic-spaces"),
    pytest.param("\t市市场监管局\n", "市市场监管局", id="tab-and-newline"),
    pytest.param("市市场\u2009监管局", "市市场监管局", id="thin-space-inside-chinese"),
    pytest.param("Shanghai  WTO\u00a0Center", "Shanghai WTO Center", id="spaces-between-latin-words"),
    pytest.param(BODY, BODY, id="full-width-brackets-kept"),
    pytest.param("闵行区质量和标准化工作领导小组(闵行区市场监管局)", BODY, id="ascii-brackets-read-full-width"),
    pytest.param("上海(WTO)中心", "上海（WTO）中心", id="a-pair-of-brackets-read-alike"),
    pytest.param("@SUM(1+1)", "@SUM(1+1)", id="ascii-brackets-between-latin-kept"),
    pytest.param("上海ＷＴＯ事务咨询中心１号", "上海WTO事务咨询中心1号", id="full-width-letters-and-digits"),
    pytest.param("⼈民银行上海分行", "人民银行上海分行", id="kangxi-radical"),
    pytest.param("市\uf9b4局", "市\u9818局", id="compatibility-ideograph"),
    pytest.param("第①组…", "第①组…", id="circled-digit-and-ellipsis-kept"),
    pytest.param("市市场监管局\u200b", "市市场监管局\u200b", id="invisible-kept-never-dropped"),
])
def test_normal_name(raw: str, expected: str) -> None:
    assert normal_name(raw) == expected
    assert normal_name(expected) == expected  # normalising twice changes nothing


@pytest.mark.parametrize(("char", "words"), [
    pytest.param("\u200b", "U+200B 零宽空格", id="zwsp"),
    pytest.param("\u200d", "U+200D 零宽连字", id="zwj"),
    pytest.param("\u2060", "U+2060 字连接符", id="word-joiner"),
    pytest.param("\ufeff", "U+FEFF 零宽不换行空格（BOM）", id="bom"),
    pytest.param("\u202e", "U+202E 从右到左覆盖", id="rlo"),
    pytest.param("\x1b", "U+001B 转义符 ESC", id="esc"),
    pytest.param("\ufe0f", "U+FE0F 变体选择符", id="variation-selector"),
])
def test_an_invisible_character_is_named_with_its_position(char: str, words: str) -> None:
    raw = f"市市场监管局{char}"
    assert invisible_at(normal_name(raw)) == (7, char)
    assert describe(char) == words
    assert name_problem(raw) == (f"“市市场监管局[U+{ord(char):04X}]”含有看不见的字符：第 7 个字符（“市市场监管局”之后）"
                                 f"是 {words}，去掉后是“市市场监管局”。")
    with pytest.raises(InvisibleCharacterError, match=re.escape(words)):
        typed_name(raw)


def test_visible_names_have_no_problem() -> None:
    for raw in ("市市场监管局", " 市市场监管局\u00a0", BODY, "Shanghai WTO Center"):
        assert name_problem(raw) is None
        assert typed_name(raw) == normal_name(raw)


def test_spelling_changes_say_what_was_normalised() -> None:
    assert spelling_changes("市市场监管局") == []
    assert spelling_changes("\u3000市市场监管局\u00a0") == [
        "开头有空白（U+3000 全角空格）", "末尾有空白（U+00A0 不换行空格）"]
    assert spelling_changes("闵行区质量和标准化工作领导小组(闵行区市场监管局)") == [
        "半角括号“(”（U+0028）读作“（”", "半角括号“)”（U+0029）读作“）”"]
    assert spelling_changes("⼈民银行") == ["部首“⼈”（U+2F08）读作“人”"]


# --- everywhere: plans, cache, registry, progress files, command line ----------------------------


def _plan(lead: str) -> dict[str, Any]:
    return small_plan(2030, [item(1, "工作一", [lead]), item(2, "工作二", ["市教委"])])


def _items(run: Run, plans: Path, dept: str = "市市场监管局") -> tuple[int, list[int], str]:
    result = run("show", "2030", "--dept", dept, "--format", "json", plans=plans)
    rows = json.loads(result.stdout) if result.stdout.strip() else []
    return result.exit_code, [row["no"] for row in rows], result.stderr


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u3000", "\t"], ids=["space", "nbsp", "ideographic", "tab"])
def test_a_trailing_space_gives_the_same_answer_cold_and_warm(make_plans: Callable[..., Path], run: Run,
                                                               space: str) -> None:
    plans = make_plans({"2030": _plan(f"市市场监管局{space}")})
    cold = _items(run, plans)
    warm = _items(run, plans)
    assert cold == warm == (0, [1], "")
    result = run("validate", plans=plans)
    assert result.exit_code == 0
    assert "警告 unit-spelling: 第 1 项的 lead 中的单位名称" in result.output
    assert f"末尾有空白（{describe(space)}），按“市市场监管局”识别" in result.output


def test_a_plan_naming_a_unit_with_an_invisible_character_is_refused(make_plans: Callable[..., Path],
                                                                     run: Run) -> None:
    plans = make_plans({"2030": _plan("市市场监管局\u200b"), "2031": small_plan(2031, [item(1, "甲", ["市教委"])])})
    for _ in range(2):  # cold, then warm
        result = run("show", "--dept", "市教委", "--format", "json", plans=plans)
        assert result.exit_code == 1
        assert [row["plan"] for row in json.loads(result.stdout)] == ["2031"]
        assert "2030.yaml:14: 计划文件格式有误：第 1 项的 lead 中的单位名称“市市场监管局[U+200B]”含有看不见的字符：" \
               "第 7 个字符（“市市场监管局”之后）是 U+200B 零宽空格" in result.stderr
    result = run("validate", "--format", "json", plans=plans)
    problems = json.loads(result.stdout)
    assert [(p["line"], p["rule"]) for p in problems] == [(14, "invisible-character")]  # no look-alike unknown-unit


def test_an_alias_differing_only_by_an_invisible_character_stops_every_name_lookup(
        make_plans: Callable[..., Path], run: Run) -> None:
    units = copy.deepcopy(SMALL_UNITS)
    units["units"].append({"name": "市发展改革委", "kind": "市政府部门", "aliases": ["市市场监管局\u200b"]})
    plans = make_plans({"2030": _plan("市市场监管局")}, units=units)
    for dept in ("市发展改革委", "市市场监管局"):
        code, numbers, stderr = _items(run, plans, dept)
        assert (code, numbers) == (1, [])
        assert "units.yaml:23: 单位“市发展改革委”的 aliases 中的单位名称“市市场监管局[U+200B]”" in stderr
        assert "这正是单位“市市场监管局”的名称：如果登记，写成这样的条目会被算到“市发展改革委”名下" in stderr
    result = run("validate", plans=plans)
    assert result.exit_code == 1
    assert "units.yaml:23: 错误 invisible-character:" in result.output


def test_a_unit_registered_twice_with_a_space_is_registered_twice(make_plans: Callable[..., Path],
                                                                  run: Run) -> None:
    units = copy.deepcopy(SMALL_UNITS)
    units["units"].append({"name": "市教委\u3000", "kind": "市政府部门"})
    plans = make_plans({"2030": _plan("市市场监管局")}, units=units)
    result = run("validate", plans=plans)
    assert "错误 duplicate-unit-name: 单位“市教委”登记了两次" in result.output
    assert "警告 unit-spelling: 单位“市教委”的 name 中的单位名称“市教委　”末尾有空白（U+3000 全角空格）" \
        in result.output


def test_ascii_brackets_in_a_plan_find_the_registered_unit(make_plans: Callable[..., Path], run: Run) -> None:
    units = copy.deepcopy(SMALL_UNITS)
    units["units"].append({"name": BODY, "kind": "议事协调机构"})
    plans = make_plans({"2030": _plan("闵行区质量和标准化工作领导小组(闵行区市场监管局)")}, units=units)
    assert _items(run, plans, BODY)[:2] == (0, [1])
    assert _items(run, plans, "闵行区质量和标准化工作领导小组(闵行区市场监管局)")[:2] == (0, [1])
    assert "半角括号“(”（U+0028）读作“（”" in run("validate", plans=plans).output


@pytest.mark.parametrize(("dept", "expected"), [
    pytest.param("市市场监管局\u00a0", (0, [1]), id="nbsp-typed"),
    pytest.param("\u3000市局", (0, [1]), id="ideographic-space-and-alias"),
    pytest.param("市市场监管局\u2060", (2, []), id="word-joiner-typed"),
])
def test_the_command_line_goes_through_the_same_function(make_plans: Callable[..., Path], run: Run,
                                                        dept: str, expected: tuple[int, list[int]]) -> None:
    plans = make_plans({"2030": _plan("市市场监管局")})
    code, numbers, stderr = _items(run, plans, dept)
    assert (code, numbers) == expected
    if code:
        assert stderr.startswith("错误：--dept 给出的单位名称“市市场监管局[U+2060]”含有看不见的字符：第 7 个字符"
                                 "（“市市场监管局”之后）是 U+2060 字连接符")


def _progress(plans: Path, unit: str) -> None:
    folder = plans / "progress" / "2030"
    folder.mkdir(parents=True)
    write_yaml(folder / "2030H1.yaml", {"plan": "2030", "period": "2030H1", "reports": [
        {"item": 1, "unit": unit, "status": "已完成", "progress": "已完成。"}]})


def test_a_progress_file_names_units_the_same_way(make_plans: Callable[..., Path], run: Run) -> None:
    plans = make_plans({"2030": _plan("市市场监管局")})
    _progress(plans, "市市场监管局\u00a0")
    result = run("status", "2030", "--period", "2030H1", "--today", "2030-07-01", "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    assert [(r["unit"], r["status"]) for r in json.loads(result.stdout) if r["no"] == 1] == [("市市场监管局", "done")]
    assert "末尾有空白（U+00A0 不换行空格）" in run("validate", plans=plans).output


def test_a_progress_entry_with_an_invisible_character_is_refused(make_plans: Callable[..., Path], run: Run) -> None:
    plans = make_plans({"2030": _plan("市市场监管局")})
    _progress(plans, "市市场监管局\u200b")
    result = run("status", "2030", "--period", "2030H1", "--today", "2030-07-01", plans=plans)
    assert "2030H1.yaml:5: unit 中的单位名称“市市场监管局[U+200B]”含有看不见的字符" in result.stderr
    result = run("validate", "--format", "json", plans=plans)
    assert [(p["line"], p["rule"]) for p in json.loads(result.stdout)] == [(5, "invisible-character")]


def test_the_cache_index_holds_names_as_the_model_reads_them(make_plans: Callable[..., Path], run: Run,
                                                            private_cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm cache skips a plan only where parsing it would not have found the unit."""
    monkeypatch.delenv("QPLAN_CACHE", raising=False)  # this test is about the cache
    plans = make_plans({"2030": _plan("市市场监管局\u3000"), "2031": small_plan(2031, [item(1, "甲", ["市教委"])])})

    def answer() -> Any:
        result = run("show", "--dept", "市市场监管局", "--format", "json", plans=plans)
        assert result.exit_code == 0 and result.stderr == ""
        return [(row["plan"], row["no"]) for row in json.loads(result.stdout)]

    assert answer() == [("2030", 1)]
    cache = ParseCache(plans)
    units = {name: cache.units(name, (plans / name).stat()) for name in ("2030.yaml", "2031.yaml")}
    assert units == {"2030.yaml": ["市市场监管局", "市教委"], "2031.yaml": ["市教委"]}
    assert answer() == [("2030", 1)]  # warm: 2031 skipped unread, 2030 found through the index

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.vocabulary import LEGEND_UNITS_FROM
from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, provenance_plan, small_plan

PLANS = {
    "2022": small_plan(2022, [
        item(1, "扩大优质服务供给", ["市市场监管局"], ["市教委", "市卫健委"], stated=False),
        item(2, "完善质量激励制度", ["市市场监管局"], ["市质量工作领导小组成员单位"]),
    ]),
    "2025": small_plan(2025, [
        item(1, "提升服务质量水平", ["市市场监管局"], ["市卫生健康委"], stated=False,
             text="持续开展服务质量监测。"),
        item(2, "推进质量数字赋能", ["市经济信息化委"], [], stated=False, open_ended=True),
    ]),
}


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans(PLANS)


def test_json_for_one_unit_by_alias(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "--dept", "市卫健委", "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["plan"], d["no"], d["role"]) for d in data] == [("2025", 1, "support"), ("2022", 1, "support")]
    assert data[1]["support"] == ["市教委", "市卫生健康委"]
    assert data[1]["written"] == {"市卫生健康委": "市卫健委"}
    assert data[0] == {
        "plan": "2025", "no": 1, "label": "（一）", "section": "第一部分", "title": "提升服务质量水平",
        "text": "持续开展服务质量监测。", "lead": ["市市场监管局"], "support": ["市卫生健康委"],
        "lead_stated": False, "open_ended": False, "responsibility": None, "deadline": None,
        "deadline_date": None, "role": "support", "via_group": None, "via_plan_wide": False,
    }


def test_newest_plan_first(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "--format", "csv", plans=plans)
    assert [line.split(",")[:2] for line in result.stdout.splitlines()[1:]] == [
        ["2025", "1"], ["2025", "2"], ["2022", "1"], ["2022", "2"]]


def test_role_filter(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "--dept", "市局", "--role", "lead", "--format", "csv", plans=plans)
    assert result.stdout == (
        "plan,no,title,lead,support,lead_stated,open_ended,role,via_group,via_plan_wide\n"
        "2025,1,提升服务质量水平,市市场监管局,市卫生健康委,false,false,lead,,false\n"
        "2022,1,扩大优质服务供给,市市场监管局,市教委、市卫生健康委,false,false,lead,,false\n"
        "2022,2,完善质量激励制度,市市场监管局,市质量工作领导小组成员单位,true,false,lead,,false\n"
    )


def test_grep(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "--grep", "数字", "--format", "json", plans=plans)
    assert [d["title"] for d in json.loads(result.stdout)] == ["推进质量数字赋能"]


def test_markdown_marks_inferred_and_open_ended(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "2025", "--format", "markdown", plans=plans)
    assert result.stdout == (
        "## 2025 · 2025年质量工作要点 · 2025-04-01\n\n"
        "| 序号 | 任务 | 牵头单位 | 配合单位 |\n"
        "| --- | --- | --- | --- |\n"
        "| （一） | 提升服务质量水平 | 市市场监管局※ | 市卫生健康委 |\n"
        "| （二） | 推进质量数字赋能 | 市经济信息化委※等 |  |\n\n"
        "> ※ 牵头单位为推定：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定。\n"
        "> “等”表示原文件所列单位未列全。\n"
    )


def test_table_shows_role_and_legend(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "2022", "--dept", "市市场监管局", plans=plans, env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    assert lines[0] == "市市场监管局：共 2 项（检索了 1 个计划）"
    assert "本单位角色" in lines[3]
    row = next(line for line in lines if "扩大优质服务供给" in line)
    assert "市市场监管局※" in row and "牵头※" in row
    row = next(line for line in lines if "完善质量激励制度" in line)
    assert "牵头※" not in row and "牵头" in row
    assert lines[-1].startswith("※ 牵头单位为推定")
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_unknown_unit_suggests(plans: Path, run: Callable[..., Result]) -> None:
    result = run("show", "--dept", "市卫建委", plans=plans)
    assert result.exit_code == 2
    assert "单位“市卫建委”不在单位登记表中。您是否要找：市卫生健康委？" in result.stderr


def test_group_membership_gives_items_through_the_group(make_plans: Callable[..., Path],
                                                        run: Callable[..., Result]) -> None:
    units = {"units": [*SMALL_UNITS["units"][:-1],
                       {"name": "市质量工作领导小组成员单位", "kind": "单位群组", "members": ["市教委"]}]}
    plans = make_plans(PLANS, units=units)
    result = run("show", "2022", "--dept", "市教委", "--format", "json", plans=plans)
    data = json.loads(result.stdout)
    assert [(d["no"], d["role"], d["via_group"]) for d in data] == [
        (1, "support", None), (2, "support", "市质量工作领导小组成员单位")]
    table = run("show", "2022", "--dept", "市教委", plans=plans, env={"COLUMNS": "160"})
    assert "配合△（经由市质量工作领导小组成员单位）" in table.stdout
    assert "△ 经由所属单位群组承担" in table.stdout


def test_rename_shows_former_name(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    units = {"units": [*SMALL_UNITS["units"],
                       {"name": "市金融办", "kind": "市政府部门",
                        "renamed_from": [{"name": "市金融局", "year": 2024}]}]}
    plans = make_plans({"2022": small_plan(2022, [item(1, "金融", ["市金融局"])])}, units=units)
    result = run("show", "--dept", "市金融办", "--format", "markdown", plans=plans)
    assert "| （一） | 金融 | 市金融办（原市金融局） |  |" in result.stdout


@pytest.mark.parametrize(
    ("name", "fmt", "check"),
    [
        pytest.param("out.json", "json", lambda t: json.loads(t)[0]["plan"] == "2025", id="json"),
        pytest.param("out.csv", "csv", lambda t: t.startswith("\ufeffplan,no,title"), id="csv-with-bom"),
        pytest.param("out.md", "markdown", lambda t: t.startswith("## 2025"), id="markdown"),
        pytest.param("out.txt", "table", lambda t: "提升服务质量水平" in t and "\x1b[" not in t, id="text"),
    ],
)
def test_output_file_format_from_suffix(plans: Path, run: Callable[..., Result], tmp_path: Path,
                                        name: str, fmt: str, check: Callable[[str], bool]) -> None:
    target = tmp_path / name
    result = run("show", "-o", str(target), plans=plans)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert check(target.read_bytes().decode("utf-8"))
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-o", "x.pdf"], "无法从后缀“.pdf”判断输出格式", id="unknown-suffix"),
        pytest.param(["-o", "x.xlsx"], "Excel 工作簿请用 `qplan export`", id="xlsx-hint"),
        pytest.param(["-o", "x.csv", "--format", "json"], "--format json 与输出文件后缀“.csv”不一致", id="conflict"),
        pytest.param(["--role", "lead"], "--role 需要与 --dept 一起使用", id="role-without-dept"),
        pytest.param(["--format", "xml"], "--format 的值“xml”无效", id="bad-format"),
    ],
)
def test_usage_errors(plans: Path, run: Callable[..., Result], tmp_path: Path,
                      args: list[str], message: str) -> None:
    result = run("show", *args, plans=plans)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_output_to_missing_folder(plans: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("show", "-o", str(tmp_path / "no" / "x.json"), plans=plans)
    assert result.exit_code == 1
    assert "输出文件夹" in result.stderr and "不存在" in result.stderr


def test_failed_write_keeps_previous_file(plans: Path, run: Callable[..., Result], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("qplan.yamlio.os.replace", disk_full)
    result = run("show", "-o", str(target), plans=plans)
    assert result.exit_code == 1
    assert "写入失败（磁盘空间不足）。原文件未被改动。" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob(".*.tmp"))


def test_leads_taken_from_elsewhere_are_marked_and_said(make_plans: Callable[..., Path],
                                                          run: Callable[..., Result]) -> None:
    """A lead read from the section's overall responsibility (†) or merged from sub-points (‡)
    is marked with a legend; a lead the document's declared convention states, and the
    overall responsibility a section states, are said under the plan's table."""
    plans = make_plans({"2031": provenance_plan()})
    result = run("show", "2031", "--format", "markdown", plans=plans)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "| （二） | 加强计量能力 | 市市场监管局† | 市教委 |" in lines
    assert "| （四） | 提升医疗服务 | 市卫生健康委‡ | 市教委 |" in lines
    assert "| （五） | 提升教育服务 | 市教委※ | 市卫生健康委 |" in lines
    text = result.stdout
    assert "第（一）、（三）项的牵头单位按原文声明的“列第一位者为牵头部门，下同”读出，是原文写明的，不是推定。" in text
    assert LEGEND_UNITS_FROM["section"] in text and LEGEND_UNITS_FROM["sub-points"] in text
    assert "一、夯实质量基础：原文写明本部分的总体责任（市市场监管局总牵头，市教委配合）。" in text
    assert "二、提升服务质量：原文写明" not in text
    data = {row["no"]: row for row in json.loads(run("show", "2031", "--format", "json", plans=plans).stdout)}
    assert (data[1].get("lead_declared"), data[2].get("units_from"), data[4].get("units_from")) == (
        True, "section", "sub-points")
    assert data[2]["section_responsibility"] == {"lead": ["市市场监管局"], "support": ["市教委"],
                                                 "text": "（市市场监管局总牵头，市教委配合）"}
    assert "section_responsibility" not in data[4] and "units_from" not in data[1]


def test_a_units_view_says_where_its_leads_come_from(make_plans: Callable[..., Path],
                                                     run: Callable[..., Result]) -> None:
    plans = make_plans({"2031": provenance_plan()})
    result = run("show", "--dept", "市市场监管局", "--format", "markdown", plans=plans)
    assert result.exit_code == 0, result.output
    assert "| （二） | 加强计量能力 | 市市场监管局† | 市教委 | 牵头 |" in result.stdout
    assert "第（一）、（三）项的牵头单位按原文声明" in result.stdout
    assert "一、夯实质量基础：原文写明本部分的总体责任" in result.stdout
    own = run("show", "--dept", "市卫健委", "--format", "markdown", plans=plans).stdout
    assert LEGEND_UNITS_FROM["sub-points"] in own and LEGEND_UNITS_FROM["section"] not in own
    assert "夯实质量基础" not in own and "按原文声明" not in own


def test_a_short_form_reads_as_its_unit_and_says_so(run: Callable[..., Result]) -> None:
    short = run("show", "2025", "--dept", "市场监管局", plans=SHIPPED_PLANS, env={"COLUMNS": "160"})
    full = run("show", "2025", "--dept", "市市场监管局", plans=SHIPPED_PLANS, env={"COLUMNS": "160"})
    assert short.exit_code == 0, short.stderr
    assert short.stdout == full.stdout
    assert short.stderr.splitlines()[0] == "注意：“市场监管局”按“市市场监管局”查找。"
    assert "按“" not in full.stderr


def test_a_short_form_of_two_units_names_both(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    units = {"units": [*SMALL_UNITS["units"], {"name": "区市场监管局", "kind": "区级单位"}]}
    result = run("show", "--dept", "市场监管局", plans=make_plans(PLANS, units=units))
    assert result.exit_code == 2
    assert "“市场监管局”可以指不止一个单位：市市场监管局、区市场监管局。" in result.stderr
    assert result.stdout == ""


GROUPS_PLAN = {"2026": small_plan(2026, [
    item(1, "完善质量激励制度", ["市市场监管局"], ["市质量工作领导小组成员单位"]),
    item(2, "区级质量提升", ["市市场监管局"], ["各区质量工作领导小组"]),
])}
GROUP_UNITS = {"units": [*SMALL_UNITS["units"], {"name": "各区质量工作领导小组", "kind": "单位群组"},
                         {"name": "闵行区市场监管局", "kind": "区级单位"}]}


@pytest.mark.parametrize(("unit", "named", "not_named"), [
    pytest.param("市卫健委", "市质量工作领导小组成员单位", "各区质量工作领导小组", id="a-city-unit"),
    pytest.param("闵行区市场监管局", "各区质量工作领导小组", "市质量工作领导小组成员单位", id="a-district-unit"),
])
def test_the_group_hint_names_only_groups_the_unit_could_be_in(
        make_plans: Callable[..., Path], run: Callable[..., Result], unit: str, named: str, not_named: str) -> None:
    result = run("show", "--dept", unit, plans=make_plans(GROUPS_PLAN, units=GROUP_UNITS))
    assert result.exit_code == 0
    hint = next(line for line in result.stderr.splitlines() if line.startswith("提示："))
    assert f"{named}（1 项）" in hint and not_named not in hint

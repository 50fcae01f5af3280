"""Units of another jurisdiction: kept apart from the registry's own, listed with the kind
their names suggest, and registered in one step with `--register-new`, marked for review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.importer import import_document
from qplan.importer.jurisdiction import infer_kind, place_of
from qplan.planfile import read_plan
from qplan.workspace import Workspace

SOURCES = Path(__file__).parent / "fixtures" / "sources"
ZHONGYUAN = SOURCES / "synthetic_zhongyuan_food_safety_2013.txt"
BEIHAI = SOURCES / "synthetic_beihai_city_2012.txt"
S2025 = SOURCES / "000_2471ba8324952689.txt"


@pytest.mark.parametrize(("name", "kind"), [
    pytest.param("省农业厅", "省政府部门", id="province-department"),
    pytest.param("中原省委宣传部", "省委部门", id="province-party"),
    pytest.param("北海市统计局", "市政府部门", id="city-department"),
    pytest.param("市委宣传部", "市委部门", id="city-party"),
    pytest.param("清河区市场监管局", "区级单位", id="district"),
    pytest.param("省人民检察院", "司法机关", id="procuratorate"),
    pytest.param("团省委", "群团组织", id="youth-league"),
    pytest.param("省政府食安办", "议事协调机构", id="committee-office"),
    pytest.param("北海出入境检验检疫局", "中央驻地单位", id="central-in-place"),
    pytest.param("工业和信息化部", "国务院部门", id="ministry"),
    pytest.param("海关总署", "国务院部门", id="administration"),
    pytest.param("各省辖市、省直管试点县（市）人民政府", "单位群组", id="group"),
    pytest.param("重点企业", "待定", id="unknown"),
])
def test_the_kind_a_name_suggests(name: str, kind: str) -> None:
    assert infer_kind(name) == kind


@pytest.mark.parametrize(("text", "place"), [
    pytest.param("中原省人民政府食品安全委员会办公室", "中原省", id="province"),
    pytest.param("北海市人民政府", "北海市", id="city"),
    pytest.param("云岭市2021年质量强市工作要点", "云岭市", id="title"),
    pytest.param("上海市质量工作领导小组", "上海市", id="home"),
    pytest.param("工业和信息化部", None, id="ministry"),
    pytest.param("各省辖市人民政府", None, id="every-city"),
])
def test_the_place_of_a_document(text: str, place: str | None) -> None:
    assert place_of(text) == place


def test_a_provinces_units_never_become_shanghais(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("import", str(ZHONGYUAN), "--id", "2013-zy", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "这是中原省的文件，单位登记表是上海市的：文件中的单位不会并入登记表中名称相同或相近的单位。" in lines
    assert "  中原省委宣传部（省委部门；第 9 项）" in lines  # not 您是否要找：市委宣传部
    assert "  中原省发展改革委（省政府部门；第 4 项）" in lines
    assert not any("您是否要找" in line for line in lines)
    plan = read_plan(shipped_plans / "2013-zy.yaml", "2013-zy")
    assert plan.items[0].lead == ["中原省农业厅"]
    assert plan.items[0].responsibility == "省农业厅、卫生厅、质监局、食品药品监管局、省政府食安办负责落实。"


def test_a_citys_units_spelt_like_shanghais_stay_the_citys(shipped_plans: Path) -> None:
    """北海市's 市统计局 is not Shanghai's 市统计局: it is recorded as 北海市统计局."""
    registry = Workspace(shipped_plans).registry
    assert registry.resolve("市统计局") == "市统计局"
    result = import_document(BEIHAI, registry=registry)
    assert result.plan.items[2].support == ["北海市统计局"]
    assert result.jurisdiction is not None and ("市统计局", "北海市统计局") in result.jurisdiction.qualified
    assert result.plan.items[6].lead == ["北海出入境检验检疫局"]
    assert result.plan.items[18].support == ["北海市委宣传部", "北海市总工会", "团市委"]


def test_shanghais_own_documents_are_not_touched(shipped_plans: Path) -> None:
    registry = Workspace(shipped_plans).registry
    with_registry = import_document(S2025, registry=registry)
    assert with_registry.jurisdiction is None
    assert [i.lead for i in with_registry.plan.items] == [i.lead for i in import_document(S2025).plan.items]


def test_register_new_adds_the_units_marked_for_review(run: Callable[..., Result], shipped_plans: Path) -> None:
    registry_file = shipped_plans / "units.yaml"
    before = registry_file.read_text(encoding="utf-8")
    dry = run("import", str(ZHONGYUAN), "--id", "2013-zy", "--register-new", "--dry-run", plans=shipped_plans)
    assert dry.exit_code == 0
    assert registry_file.read_text(encoding="utf-8") == before
    assert "--dry-run：以上 16 个单位未登记；" in dry.stderr
    result = run("import", str(ZHONGYUAN), "--id", "2013-zy", "--register-new", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    after = registry_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing a person wrote is touched
    added = after[len(before):]
    assert added.count("\n  - name: ") + added.startswith("  - name: ") == 16
    assert "  - name: 中原省农业厅\n    kind: 省政府部门\n    review: 由 qplan import 从 " \
           "synthetic_zhongyuan_food_safety_2013.txt 添加（" in added
    assert "  - name: 中原省人民检察院\n    kind: 司法机关\n" in added
    validate = run("validate", plans=shipped_plans)
    assert validate.exit_code == 0, validate.output
    assert "unknown-unit" not in validate.stdout
    assert ("警告 unit-review: 有 16 个单位由 qplan import 自动登记，类别是推定的，尚待核对：中原省农业厅"
            in validate.stdout)
    shown = run("show", "--dept", "中原省质监局", "--format", "json", plans=shipped_plans)
    assert shown.exit_code == 0 and '"no": 4' in shown.stdout
    again = run("import", str(ZHONGYUAN), "--id", "2013-zy2", "--register-new", plans=shipped_plans)
    assert again.exit_code == 0
    assert registry_file.read_text(encoding="utf-8") == after


def test_register_new_with_nothing_new_leaves_the_registry(run: Callable[..., Result], shipped_plans: Path) -> None:
    before = (shipped_plans / "units.yaml").read_bytes()
    result = run("import", str(S2025), "--id", "2025b", "--register-new", plans=shipped_plans)
    assert result.exit_code == 0
    assert (shipped_plans / "units.yaml").read_bytes() == before
    assert "已把" not in result.stderr


def test_a_folder_of_the_provinces_own(run: Callable[..., Result], tmp_path: Path) -> None:
    """A new folder without a registry: names as the document writes them, and --register-new
    starts the registry."""
    plans = tmp_path / "中原"
    plans.mkdir()
    result = run("import", str(ZHONGYUAN), "--id", "2013", "--register-new", plans=plans)
    assert result.exit_code == 0, result.output
    plan = read_plan(plans / "2013.yaml", "2013")
    assert plan.items[0].lead == ["省农业厅"]
    registry = Workspace(plans).registry
    assert registry.kind_of("省农业厅") == "省政府部门"
    assert len(registry.units) == 16
    validate = run("validate", plans=plans)
    assert validate.exit_code == 0 and "unit-review" in validate.stdout

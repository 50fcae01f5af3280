"""Checks read files through the C parser (issue 15 item 4): the round-trip parser, which keeps
line numbers and costs several times as much, reads a file again only to say where a problem
is. Validation finds the same problems, with the same lines, either way."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan import validation, yamlio
from qplan.validation import validate_workspace
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, small_plan, write_yaml

Run = Callable[..., Result]


@pytest.fixture
def round_trips(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the round-trip parser reads."""
    read: list[Path] = []
    original = yamlio.parse_yaml

    def counted(text: str, path: Path) -> Any:
        read.append(path)
        return original(text, path)

    monkeypatch.setattr(yamlio, "parse_yaml", counted)
    return read


def test_clean_files_are_checked_without_the_round_trip_parser(shipped_plans: Path, run: Run,
                                                               round_trips: list[Path]) -> None:
    result = run("validate", "--strict", plans=shipped_plans)
    assert result.exit_code == 0 and "检查通过" in result.stderr
    assert round_trips == []
    assert run("export", "2025", "-o", str(shipped_plans.parent / "a.xlsx"), plans=shipped_plans).exit_code == 0
    assert round_trips == []


def test_a_file_with_a_problem_is_read_again_for_its_lines(make_plans: Callable[..., Path], run: Run,
                                                          round_trips: list[Path]) -> None:
    plans = make_plans({"2025": small_plan(2025, [item(1, "甲", ["市卫建委"])]),
                        "2024": small_plan(2024, [item(1, "乙", ["市教委"])])})
    result = run("validate", plans=plans)
    assert "2025.yaml:14: 错误 unknown-unit" in result.stdout
    assert [path.name for path in round_trips] == ["2025.yaml"]


def _variants(root: Path) -> Iterator[Path]:
    """Plans folders with problems of every kind the rules look for, line numbers and all."""
    base = root / "base"
    shutil.copytree(SHIPPED_PLANS, base)
    yield base
    edits: list[tuple[str, Callable[[str], str]]] = [
        ("2025.yaml", lambda t: t.replace("lead: [市市场监管局]", "lead: [市市场监管局, 市卫建委]", 1)),
        ("2025.yaml", lambda t: t.replace("      - no: 2\n", "      - no: 1\n", 1)),
        ("2025.yaml", lambda t: t.replace("date: 2025-04-01", "date: 2024-04-01", 1)),
        ("2025.yaml", lambda t: t.replace("        lead_stated: false\n", "        lead_stated: 否\n", 1)),
        ("2025.yaml", lambda t: t.replace("continues: [\"2022#2\"]", "continues: [\"2022#99\"]", 1)),
        ("2022.yaml", lambda t: t + "extra_key: 1\n"),
        ("units.yaml", lambda t: t.replace("  - name: 市教委\n", "  - name: 市教委\n    aliases: [市市场监管局]\n", 1)),
        ("units.yaml", lambda t: t.replace("kind: 市政府部门", "kind: 政府部门", 1)),
    ]
    for number, (name, edit) in enumerate(edits):
        folder = root / f"v{number}"
        shutil.copytree(SHIPPED_PLANS, folder)
        text = (folder / name).read_text(encoding="utf-8")
        assert edit(text) != text, f"edit {number} changed nothing"
        (folder / name).write_text(edit(text), encoding="utf-8")
        yield folder
    folder = root / "copy"
    shutil.copytree(SHIPPED_PLANS, folder)
    shutil.copy(folder / "2022.yaml", folder / "2022 副本.yaml")
    yield folder
    folder = root / "progress"
    shutil.copytree(SHIPPED_PLANS, folder)
    (folder / "progress" / "2025").mkdir(parents=True)
    write_yaml(folder / "progress" / "2025" / "2025H1.yaml",
               {"plan": "2025", "period": "2025H1", "reports": [{"item": 99, "unit": "市教委", "status": "完成"}]})
    yield folder


def test_the_same_problems_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found_any = 0
    for folder in _variants(tmp_path):
        fast = [p.format() for p in validate_workspace(Workspace(folder))]
        with monkeypatch.context() as patch:
            # Every file read with line numbers.
            patch.setattr(validation, "load_yaml_fast_stat", lambda path: (yamlio.load_yaml(path), path.stat()))
            located = [p.format() for p in validate_workspace(Workspace(folder))]
        assert fast == located, folder.name
        found_any += bool(fast)
    assert found_any == 10  # every variant but the untouched folder has a problem


def test_import_checks_what_it_wrote_without_the_round_trip_parser(tmp_path: Path, shipped_plans: Path, run: Run,
                                                                   round_trips: list[Path]) -> None:
    source = tmp_path / "要点.txt"
    source.write_text("2026年质量工作要点\n一、重点任务\n（一）推进标准化。（市市场监管局牵头，市教委配合）\n"
                      "（二）提升服务质量。（市卫健委）\n", encoding="utf-8")
    result = run("import", str(source), "--id", "2026", "--date", "2026-03-01", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    assert round_trips == []
    assert run("validate", "2026", plans=shipped_plans).exit_code == 0


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files validation parses."""
    read: list[str] = []
    original = validation.load_yaml_fast_stat

    def counted(path: Path) -> Any:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(validation, "load_yaml_fast_stat", counted)
    return read


def test_a_file_that_passed_is_not_read_again_until_it_or_the_registry_changes(
        make_plans: Callable[..., Path], run: Run, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QPLAN_CACHE", raising=False)  # verdicts are kept in the parse cache
    linked = item(1, "乙", ["市教委"], links={"continues": ["2024#1"]})
    plans = make_plans({"2024": small_plan(2024, [item(1, "甲", ["市教委"])]),
                        "2025": small_plan(2025, [linked])})
    run("show", plans=plans)  # the parse cache knows the files
    assert run("validate", plans=plans).exit_code == 0
    parsed.clear()
    assert run("validate", plans=plans).exit_code == 0
    assert parsed == ["2025.yaml"]  # links point into other plans: always checked
    units = {"units": [unit for unit in SMALL_UNITS["units"] if unit["name"] != "市教委"]}
    write_yaml(plans / "units.yaml", units)
    run("show", plans=plans)
    parsed.clear()
    result = run("validate", plans=plans)
    assert "2024.yaml:14: 错误 unknown-unit: 第 1 项的单位“市教委”不在单位登记表中" in result.stdout
    assert sorted(parsed) == ["2024.yaml", "2025.yaml", "units.yaml"]
    write_yaml(plans / "units.yaml", SMALL_UNITS)
    run("validate", plans=plans)
    (plans / "2024.yaml").write_text((plans / "2024.yaml").read_text(encoding="utf-8").replace("市教委", "市教委员会"),
                                     encoding="utf-8")
    run("show", plans=plans)
    parsed.clear()
    assert "2024.yaml:14: 错误 unknown-unit" in run("validate", plans=plans).stdout
    assert "2024.yaml" in parsed


def test_edited_checks_find_no_verdict_of_the_old_ones(
        make_plans: Callable[..., Path], run: Run, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QPLAN_CACHE", raising=False)
    plans = make_plans({"2024": small_plan(2024, [item(1, "甲", ["市教委"])])})
    run("show", plans=plans)
    assert run("validate", plans=plans).exit_code == 0
    parsed.clear()
    assert run("validate", plans=plans).exit_code == 0
    assert parsed == []  # nothing changed: the verdicts stand
    monkeypatch.setattr(validation, "_code_mark", lambda: "edited")
    assert run("validate", plans=plans).exit_code == 0
    assert sorted(parsed) == ["2024.yaml", "units.yaml"]

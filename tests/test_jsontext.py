"""qplan.jsontext: the indented JSON that reports print is json.dumps's, character for character."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan.jsontext import encode_indented

CASES: list[Any] = [
    {},
    [],
    None,
    True,
    0,
    -12,
    3.0,
    0.1 + 0.2,
    1e300,
    "",
    "市市场监管局",
    {"a": [], "b": {}, "c": [{}], "d": [[]]},
    {"引号\"与\\反斜杠": "换行\n制表\t响铃\x07\u2028"},
    [1, 2.5, "三", None, True, False, [1, [2, [3]]], {"k": {"k": {"k": None}}}],
    {2: "int key", 2.5: "float key", True: "bool key", False: "false key", None: "none key"},
    (1, ("tuple", "as list")),
    [float("nan"), float("inf"), -float("inf")],
    {"score": 0.6666666666666666, "big": 10**30, "label": "（十六）"},
]


@pytest.mark.parametrize("data", [pytest.param(case, id=f"case-{n}") for n, case in enumerate(CASES)])
def test_indented_json_is_the_standard_librarys(data: Any) -> None:
    assert encode_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_diff_of_the_shipped_plans_encodes_alike(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("diff", "2022", "2025", "--format", "json", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert len(data["items"]) > 20


def test_what_json_cannot_write_is_refused_alike() -> None:
    for bad in ({(1, 2): "tuple key"}, {"set": {1}}):
        with pytest.raises(TypeError):
            json.dumps(bad, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError):
            encode_indented(bad)


def test_output_joined_in_chunks_is_whole_and_in_order() -> None:
    """Past CHUNK_PARTS pieces the text is joined as it goes: nothing lost, nothing reordered."""
    from qplan.jsontext import CHUNK_PARTS

    data = {"items": [{"no": n, "title": f"条目{n}", "units": ["市市场监管局", n % 7]} for n in range(CHUNK_PARTS)],
            "tail": [[n, {"deep": [n]}] for n in range(50)]}
    assert encode_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)

"""Every kind of workbook is byte for byte what it was before the Excel writers were made fast:
each XML part's digest against tests/fixtures/workbook_digests.json (see tests/workbook_golden.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.workbook_golden import DIGESTS, Digest, make_digests


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Digest]:
    return make_digests(tmp_path_factory.mktemp("golden"))


EXPECTED: dict[str, Digest] = json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_workbooks_are_unchanged(case: str, made: dict[str, Digest]) -> None:
    expected, found = EXPECTED[case], made[case]
    assert sorted(found) == sorted(expected), "a different set of files"
    changed = {(name, part) for name in expected for part in set(expected[name]) | set(found[name])
               if expected[name].get(part) != found[name].get(part)}
    assert not changed, f"parts that differ: {sorted(changed)}"


def test_every_case_is_recorded(made: dict[str, Digest]) -> None:
    assert sorted(made) == sorted(EXPECTED)


def test_the_digest_ignores_only_the_save_time(tmp_path: Path) -> None:
    import zipfile

    from tests.workbook_golden import workbook_digest

    core = ('<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">{0}</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">{0}</dcterms:modified></cp:coreProperties>')
    paths = []
    for index, (time, sheet) in enumerate([("2026-01-01T00:00:00Z", "<a/>"), ("2027-02-02T10:00:00Z", "<a/>"),
                                           ("2026-01-01T00:00:00Z", "<b/>")]):
        path = tmp_path / f"{index}.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("docProps/core.xml", core.format(time))
            archive.writestr("xl/worksheets/sheet1.xml", sheet)
        paths.append(path)
    first, later, other = (workbook_digest(p) for p in paths)
    assert first == later
    assert first["xl/worksheets/sheet1.xml"] != other["xl/worksheets/sheet1.xml"]

"""The workbooks as a clerk prints them: rendered through LibreOffice with two font sets, the
Noto CJK fonts alone (a machine without 仿宋, Calibri or their metric twins) and Noto CJK with
Carlito (Calibri's metrics), each through a private fontconfig file and a private LibreOffice
profile. Checked on every page: text at 9 pt or more, no row shorter than its text needs, no
page holding only the repeated header (or only notes), pages filled before the next begins,
and the same pages in both font sets.

LibreOffice is driven through its own Python (`uno`), by tests/office/lo_probe.py; where
LibreOffice, its Python bridge, the Noto CJK fonts or poppler-utils are missing, the tests
skip and say which (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SHIPPED_PLANS

PROBE = Path(__file__).resolve().parent / "office" / "lo_probe.py"
SYSTEM_PYTHON = "/usr/bin/python3"
MIN_PRINTED_PT = 9.0
# A page that is not a sheet's last is used at least this far down (its rows are tall: a
# page may end early where the next row, or a heading and its row, would not fit).
MIN_FILL = 0.55
# Landscape page heights (points) by Excel's paper code: A4, A3.
PAGE_HEIGHT = {9: 595.0, 8: 842.0}
HAN_WORD_RE = re.compile(r"^[\u4e00-\u9fff]{2,}$")
WORD_RE = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
FOOTER_RE = re.compile(r"(\S+)\s*第\s*(\d+)\s*页")

EXPORTS = {
    "2025.xlsx": ("export", "2025"),
    "2022.xlsx": ("export", "2022"),
    "2024-chains.xlsx": ("export", "2024-chains"),
    "2025-市卫生健康委.xlsx": ("export", "2025", "--dept", "市卫健委"),
    "比对.xlsx": ("diff", "2022", "2025"),
    # The other kinds of plan: a multi-year action plan, and a 实施方案 that names no units.
    "2023-2025.xlsx": ("export", "2023-2025"),
    "2018-实施方案.xlsx": ("export", "2018-实施方案"),
    # Progress forms, whose tasks carry the plan's text: the action plan's are the longest.
    "推进情况表-市农业农村委.xlsx": ("forms", "2023-2025", "--period", "2025H1", "--dept", "市农业农村委"),
    "推进情况表-市市场监管局.xlsx": ("forms", "2025", "--period", "2025H1", "--dept", "市市场监管局"),
}


def _missing() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False).returncode != 0:
        return "LibreOffice's Python bridge is missing: apt-get install python3-uno"
    for tool in ("pdftotext", "fc-list"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: apt-get install poppler-utils fontconfig"
    if not _font_dirs("Noto Sans CJK SC"):
        return "the Noto CJK fonts are not installed: apt-get install fonts-noto-cjk"
    return None


def _font_dirs(family: str) -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    found = subprocess.run(["fc-list", "-f", "%{file}\n", f":family={family}"], capture_output=True,
                           text=True, check=False).stdout.split()
    return sorted({str(Path(path).parent) for path in found})


MISSING = _missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"LibreOffice rendering skipped: {MISSING}")


@dataclass
class Page:
    number: int
    sheet: str
    sheet_page: int
    text: str  # without white space
    width: float
    height: float
    words: list[tuple[float, float, float, float, str]]


@dataclass
class Rendered:
    file: Path
    sheets: dict[str, Any]
    pages: list[Page]


def _fontconfig(folder: Path, name: str, families: list[str]) -> Path:
    dirs = [d for family in families for d in _font_dirs(family)]
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / f"{name}.conf"
    body = "".join(f"  <dir>{d}</dir>\n" for d in dirs)
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                      f"{body}  <cachedir>{folder / (name + '-cache')}</cachedir>\n</fontconfig>\n",
                      encoding="utf-8")
    return config


def _pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages: list[Page] = []
    for number, chunk in enumerate(out.split("<page ")[1:], 1):
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        assert size is not None
        words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD_RE.findall(chunk)]
        text = "".join(w[4] for w in words)
        bottom = sorted((w for w in words if w[1] > float(size.group(2)) - 60), key=lambda w: w[0])
        footer = FOOTER_RE.findall(" ".join(w[4] for w in bottom))
        sheet, sheet_page = footer[-1] if footer else ("", "0")
        pages.append(Page(number, sheet.strip("　"), int(sheet_page), text, float(size.group(1)),
                          float(size.group(2)), words))
    return pages


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    env = {**os.environ, "QPLAN_CACHE": "off"}
    for name, args in EXPORTS.items():
        # forms writes into a folder, one file per unit: here one unit's, moved to its name.
        target = folder / (name + ".d" if args[0] == "forms" else name)
        done = subprocess.run([sys.executable, "-m", "qplan", *args, "-o", str(target),
                               "--plans", str(SHIPPED_PLANS)], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        if args[0] == "forms":
            [written] = target.iterdir()
            written.rename(folder / name)
    return folder


def _start(exported: Path, tmp: Path, name: str, families: list[str]) -> subprocess.Popen[str]:
    out = tmp / name
    out.mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(tmp / "fonts", name, families))}
    # Its own copy of each file: LibreOffice will not open a file another instance has open.
    files = [Path(shutil.copy(exported / file, out / file)) for file in EXPORTS]
    return subprocess.Popen([SYSTEM_PYTHON, str(PROBE), str(out), *map(str, files)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _collect(exported: Path, probe: subprocess.Popen[str]) -> dict[str, Rendered]:
    stdout, stderr = probe.communicate(timeout=900)
    assert probe.returncode == 0, stderr
    found = {}
    for line in stdout.splitlines():
        data = json.loads(line)
        found[data["file"]] = Rendered(exported / data["file"], data["sheets"], _pages(Path(data["pdf"])))
    assert set(found) == set(EXPORTS)
    return found


@pytest.fixture(scope="module")
def renders(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Rendered]]:
    tmp = tmp_path_factory.mktemp("render")
    sets = {"noto": ["Noto Sans CJK SC", "Noto Serif CJK SC"]}
    if _font_dirs("Carlito"):
        sets["noto+carlito"] = [*sets["noto"], "Carlito"]
    # One LibreOffice per font set, side by side.
    probes = {name: _start(exported, tmp, name, families) for name, families in sets.items()}
    return {name: _collect(exported, probe) for name, probe in probes.items()}


def _cases(renders: dict[str, dict[str, Rendered]]) -> list[tuple[str, str, Rendered]]:
    return [(fonts, file, found) for fonts, files in renders.items() for file, found in files.items()]


def test_both_font_sets_are_tried(renders: dict[str, dict[str, Rendered]]) -> None:
    if "noto+carlito" not in renders:
        pytest.skip("Carlito is not installed (apt-get install fonts-crosextra-carlito): one font set only")
    assert len(renders) == 2


def test_every_page_prints_at_9_pt_or_more(renders: dict[str, dict[str, Rendered]]) -> None:
    for fonts, file, found in _cases(renders):
        for page in found.pages:
            # A CJK character is one em wide: its width on paper is its printed size.
            sizes = [(x1 - x0) / len(text) for x0, _, x1, _, text in page.words if HAN_WORD_RE.match(text)]
            assert sizes, f"{fonts} {file} page {page.number} has no Chinese text"
            assert min(sizes) >= MIN_PRINTED_PT - 0.05, \
                f"{fonts} {file} page {page.number}: text printed at {min(sizes):.1f} pt"


def _hidden(file: Path) -> set[str]:
    """Sheets never printed: a progress form's record of itself (very hidden)."""
    return {ws.title for ws in openpyxl.load_workbook(file) if ws.sheet_state != "visible"}


def test_no_row_is_shorter_than_its_text(renders: dict[str, dict[str, Rendered]]) -> None:
    for fonts, file, found in _cases(renders):
        hidden = _hidden(found.file)
        for sheet, data in found.sheets.items():
            if sheet in hidden:
                continue
            clipped = [(row, stored, optimal) for row, stored, optimal in data["rows"] if optimal > stored + 0.5]
            assert clipped == [], f"{fonts} {file} {sheet}: rows (row, stored pt, needed pt) {clipped}"


def _body_starts(file: Path) -> dict[str, set[str]]:
    """Per sheet, the start of every body row's first text: what a page of the table shows."""
    workbook = openpyxl.load_workbook(file)
    found: dict[str, set[str]] = {}
    for ws in workbook:
        titles = ws.print_title_rows
        if not titles:
            continue
        last_title = int(titles.split(":")[1].lstrip("$"))
        starts = set()
        for row in ws.iter_rows(min_row=last_title + 1, values_only=True):
            values = [str(v) for v in row if v not in (None, "")]
            if not values or values[0].startswith(("注：", "　　")):
                continue
            text = re.sub(r"\s", "", values[1] if len(values) > 1 and not values[1].isdigit() else values[0])
            starts.add(text[:4])
        found[ws.title] = starts
    return found


def test_no_page_holds_only_the_header_or_only_notes(renders: dict[str, dict[str, Rendered]]) -> None:
    for fonts, file, found in _cases(renders):
        starts = _body_starts(found.file)
        for page in found.pages:
            assert page.sheet, f"{fonts} {file} page {page.number} has no footer naming its sheet"
            if page.sheet not in starts:  # the chart, a page of its own with no table
                continue
            assert any(start in page.text for start in starts[page.sheet]), \
                f"{fonts} {file} page {page.number} ({page.sheet} 第 {page.sheet_page} 页) holds no row of the table"


def test_pages_are_filled_before_the_next_begins(renders: dict[str, dict[str, Rendered]]) -> None:
    """A page ends early only where its next row would not fit, or where qplan keeps rows
    together (a heading with its item, the last rows with the notes) on a page still well
    filled. Heights are the stored ones (the print is at 100 %), pages as LibreOffice broke them."""
    for fonts, file, found in _cases(renders):
        workbook = openpyxl.load_workbook(found.file)
        for name, data in found.sheets.items():
            ws = workbook[name]
            if not data["breaks"]:
                continue
            height = {row: stored for row, stored, _ in data["rows"]}
            manual = {b.id + 1 for b in ws.row_breaks.brk}
            titles = ws.print_title_rows
            first, last = (int(x.lstrip("$")) for x in titles.split(":")) if titles else (0, -1)
            repeated = sum(height.get(r, 15.0) for r in range(first, last + 1))
            room = PAGE_HEIGHT[ws.page_setup.paperSize] - 72 * (ws.page_margins.top + ws.page_margins.bottom)
            start = 1
            for row in data["breaks"]:
                used = sum(height.get(r, 15.0) for r in range(start, row)) + (repeated if start > 1 else 0)
                where = f"{fonts} {file} {name}: the page ending before row {row}"
                if row in manual:
                    assert used >= MIN_FILL * room, f"{where} is {used / room:.0%} full"
                else:
                    assert used + height.get(row, 15.0) > 0.97 * room, f"{where} had room for it"
                start = row


# The columns of unit names and item numbers: qplan breaks their lines itself, between entries
# or where a long name may break (qplan.excel.styles.break_list).
LIST_HEADERS = {"牵头单位", "配合单位", "单位", "牵头任务", "配合任务", "链长单位", "代行单位"}


def test_names_break_only_where_qplan_broke_them(renders: dict[str, dict[str, Rendered]]) -> None:
    """Every line qplan wrote in a column of names prints as one line: the application never
    wraps a name in the middle, nor sends a 、 to a line of its own."""
    for fonts, file, found in _cases(renders):
        words = {word[4] for page in found.pages for word in page.words}
        for ws in openpyxl.load_workbook(found.file):
            for column in [c.column for c in ws[3] if c.value in LIST_HEADERS]:
                for (value,) in ws.iter_rows(min_row=4, min_col=column, max_col=column, values_only=True):
                    if isinstance(value, str) and value.startswith("注："):
                        break  # the notes below the table
                    if isinstance(value, str):
                        wrapped = [line for line in value.split("\n") if line not in words]
                        assert wrapped == [], f"{fonts} {file} {ws.title}: lines the application wrapped {wrapped}"


def test_no_last_page_holds_one_or_two_stragglers(renders: dict[str, dict[str, Rendered]]) -> None:
    """The last page of a table holds at least three of its rows, or is at least half full
    (two tall rows), as LibreOffice paginates: a small overflow prints smaller instead."""
    for fonts, file, found in _cases(renders):
        workbook = openpyxl.load_workbook(found.file)
        for name, data in found.sheets.items():
            if not data["breaks"]:
                continue
            ws = workbook[name]
            height = {row: stored for row, stored, _ in data["rows"]}
            notes = [row for row in height if str(ws.cell(row, 1).value or "").startswith("注：")]
            table_end = (notes[0] - 2) if notes else max(height)
            last_start = max(data["breaks"])
            held = sum(height.get(r, 15.0) for r in range(last_start, max(height) + 1))
            room = PAGE_HEIGHT[ws.page_setup.paperSize] - 72 * (ws.page_margins.top + ws.page_margins.bottom)
            zoom = (ws.page_setup.scale or 100) / 100 if not ws.sheet_properties.pageSetUpPr.fitToPage else 1.0
            if last_start <= table_end and table_end - last_start + 1 < 3:
                assert held * zoom >= 0.5 * room, \
                    f"{fonts} {file} {name}: rows {last_start}-{table_end} alone on the last page, {held * zoom:.0f} pt"


def test_pages_numbered_per_sheet(renders: dict[str, dict[str, Rendered]]) -> None:
    for _, file, found in _cases(renders):
        previous: Page | None = None
        for page in found.pages:
            expected = previous.sheet_page + 1 if previous and previous.sheet == page.sheet else 1
            assert page.sheet_page == expected, f"{file} page {page.number}"
            previous = page


def test_the_same_pages_in_both_font_sets(renders: dict[str, dict[str, Rendered]]) -> None:
    if len(renders) < 2:
        pytest.skip("Carlito is not installed: one font set only")
    noto, carlito = renders["noto"], renders["noto+carlito"]
    for file in EXPORTS:
        assert [(p.sheet, p.sheet_page) for p in noto[file].pages] == \
            [(p.sheet, p.sheet_page) for p in carlito[file].pages], file


def test_what_the_project_list_prints(renders: dict[str, dict[str, Rendered]]) -> None:
    for found in (files["2024-chains.xlsx"] for files in renders.values()):
        first = found.pages[0].text
        assert "2024年（推定）" in first
        assert "链长单位" in first and "代行单位" in first
        assert "闵行区市场监管局▲" in "".join(page.text for page in found.pages if page.sheet == "名单")
        assert any("闵行区市场监管局" in page.text for page in found.pages if page.sheet == "单位汇总")


def test_the_units_workbook_names_the_unit_on_every_page(renders: dict[str, dict[str, Rendered]]) -> None:
    for found in (files["2025-市卫生健康委.xlsx"] for files in renders.values()):
        for page in found.pages:
            assert "市卫生健康委" in page.text[:40] and "2025年上海市质量工作要点" in page.text


@pytest.mark.parametrize("file", ["2025.xlsx", "2023-2025.xlsx"])
def test_the_chart_names_every_unit(renders: dict[str, dict[str, Rendered]], file: str) -> None:
    """LibreOffice leaves out every other name on a crowded axis, whatever tickLblSkip says: the
    chart gives each unit room enough (a portrait page where a landscape one is too short)."""
    for fonts, found in renders.items():
        rendered = found[file]
        summary = openpyxl.load_workbook(rendered.file)["单位汇总"]
        names = [str(row[1]).replace("\n", "") for row in summary.iter_rows(min_row=4, values_only=True)
                 if row[0] is not None and str(row[0]).isdigit()]
        assert len(names) > 17
        [chart] = [page for page in rendered.pages if page.sheet == "负荷图"]
        assert chart.width < chart.height, "a portrait page"
        assert (fonts, [name for name in names if name not in chart.text]) == (fonts, [])

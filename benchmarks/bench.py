"""Benchmark qplan as a user runs it: whole processes, medians, ratios to a floor.

    python benchmarks/bench.py [--runs 5] [--plans 500] [--diff-items 1000 3000 6000] [--diff-only]
                               [--eval-only]

It builds its own workspaces in a temporary folder (from the bundled plans and generated
plan text), runs each command several times as a separate process, and prints the median
time, the ratio to the floor (a bare `import click, rich.console, rich.table, ruamel.yaml`
measured in the same run) and the peak memory, each against its target. `export` of a
1,000-item plan is also held against the pandas script an office user would write instead
(benchmarks/pandas_export.py), timed in the same run; without pandas (`make bench` installs
it) that row is skipped with the reason. A command that exits with anything but 0 is a failed
row, never a figure. It also prints the precision and recall of `qplan cover` on its
hand-checked evaluation set (tests/cover_eval.py); `--eval-only` prints just those,
`--diff-only` just the floor and the diffs.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
PANDAS_SCRIPT = Path(__file__).resolve().parent / "pandas_export.py"
FLOOR_CODE = "import click, rich.console, rich.table, ruamel.yaml"
# Seconds `diff` of two plans of this many items may take; other sizes show how time grows.
DIFF_TARGETS = {1000: 1.0, 6000: 15.0}
# Runs per figure of the diff rows above 1,000 items (each takes seconds).
DIFF_RUNS_LARGE = 3


class CommandFailed(Exception):
    pass


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    # Why the command could not be measured (it exited with an error), else None.
    failure: str | None = None


def qplan_command() -> list[str]:
    script = Path(sys.executable).with_name("qplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qplan"]


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MB of one run; any exit status but 0 is a failure: a command that
    stops early with a message is fast, and its time says nothing."""
    started = time.perf_counter()
    # stderr goes to a file, not a pipe: a command that writes much there never blocks.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace").strip()
            raise CommandFailed(f"exit {process.returncode}: {' '.join(argv)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def measure(name: str, argv: Sequence[str], env: dict[str, str], runs: int,
            fresh_cache: bool = False, prepare: Callable[[], None] | None = None) -> Measure:
    times, peaks = [], []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        run_env = dict(env)
        if fresh_cache:
            run_env["QPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="qplan-bench-cache-")
        try:
            elapsed, peak = run_once(argv, run_env)
        except CommandFailed as exc:
            print(f"{name}: FAILED, {exc}\n", flush=True)
            return Measure(name, float("inf"), 0.0, str(exc).splitlines()[0])
        finally:
            if fresh_cache:
                shutil.rmtree(run_env["QPLAN_CACHE_DIR"], ignore_errors=True)
        times.append(elapsed)
        peaks.append(peak)
    return Measure(name, statistics.median(times), max(peaks))


# --- workspaces -------------------------------------------------------------------------

def corpus() -> tuple[list[str], list[str], list[str]]:
    """Sentences, titles and unit names from the bundled plans."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    sentences, titles, units = [], [], set()
    for path in sorted(PLANS.glob("*.yaml")):
        if path.name == "units.yaml":
            continue
        doc = yaml.load(path.read_text(encoding="utf-8"))
        for section in doc.get("sections") or [{"items": doc.get("items") or []}]:
            for item in section["items"]:
                titles.append(item["title"])
                sentences += [s + "。" for s in re.split("。", item.get("text") or "") if s]
                units.update(item["lead"])
                units.update(item.get("support") or [])
    return sentences, titles, sorted(units)


def yaml_item(no: int, title: str, text: str, lead: list[str], support: list[str], stated: bool) -> str:
    return (
        f"      - no: {no}\n        title: {title}\n        text: \"{text}\"\n"
        f"        lead: [{', '.join(lead)}]\n        support: [{', '.join(support)}]\n"
        f"        lead_stated: {'true' if stated else 'false'}\n"
    )


def plan_text(year: int, items: list[str], title: str) -> str:
    head = (f"title: {title}\ndocument:\n  title: {title}\n  issuer: 上海市质量工作领导小组\n"
            f"  date: {year}-04-01\nsections:\n  - no: 1\n    title: 重点任务\n    items:\n")
    return head + "".join(items)


DISTRICTS = ["黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行", "宝山", "嘉定", "浦东新",
             "金山", "松江", "青浦", "奉贤", "崇明"]
DISTRICT_BODIES = ["市场监管局", "发展改革委", "经委", "科委", "教育局", "卫生健康委", "商务委", "建设管理委",
                   "生态环境局", "农业农村委", "文化旅游局", "人力资源社会保障局"]
EVERYWHERE = "市质量工作领导小组办公室"


def build_large_workspace(root: Path, plans: int, rng: random.Random) -> None:
    """Every year's city plan and every district's plan, as an office would keep them.

    City plans name city units (市市场监管局 in most items); a district's plans name that
    district's units. One unit, the office, is named in every plan: the worst case for a query.
    """
    sentences, titles, city_units = corpus()
    root.mkdir(parents=True)
    registry = (PLANS / "units.yaml").read_text(encoding="utf-8")
    # The shipped registry already holds some district units (each district's 市场监管局):
    # add only the others, since a unit registered twice is an error that stops `show --dept`.
    registry += "".join(f"  - name: {d}区{b}\n    kind: 区级单位\n" for d in DISTRICTS for b in DISTRICT_BODIES
                        if f"name: {d}区{b}\n" not in registry)
    (root / "units.yaml").write_text(registry, encoding="utf-8")
    for index in range(plans):
        year = 2000 + index // (len(DISTRICTS) + 1) % 27
        district = None if index % (len(DISTRICTS) + 1) == 0 else DISTRICTS[index % (len(DISTRICTS) + 1) - 1]
        units = city_units if district is None else [f"{district}区{b}" for b in DISTRICT_BODIES]
        heavy = "市市场监管局" if district is None else f"{district}区市场监管局"
        items = []
        for no in range(1, rng.randint(30, 36) + 1):
            chosen = rng.sample(units, rng.randint(1, 4))
            if rng.random() < 0.8 and heavy not in chosen:
                chosen.insert(rng.randint(0, len(chosen)), heavy)
            if no == 1:
                chosen.append(EVERYWHERE)
            text = "".join(rng.sample(sentences, rng.randint(2, 5)))
            items.append(yaml_item(no, rng.choice(titles), text, chosen[:1], chosen[1:], rng.random() < 0.5))
        scope = "上海市" if district is None else f"{district}区"
        name = f"{year}-{'city' if district is None else 'd' + str(index % (len(DISTRICTS) + 1))}-{index:03d}"
        (root / f"{name}.yaml").write_text(plan_text(year, items, f"{year}年{scope}质量工作要点"), encoding="utf-8")


HEAVY = "市市场监管局"
# Plan sizes of the workspaces in which every plan names HEAVY: a year's 工作要点 has 15 to 35 items.
UNIFORM_SIZES = (15, 33)


def build_uniform_workspace(root: Path, plans: int, items_per_plan: int, rng: random.Random) -> None:
    """`plans` city plans of `items_per_plan` items each, every one naming HEAVY (in about
    four items of five): a `--dept` query for it reads every plan, the case the cache index
    cannot narrow."""
    sentences, titles, city_units = corpus()
    root.mkdir(parents=True)
    shutil.copy(PLANS / "units.yaml", root / "units.yaml")
    for index in range(plans):
        year = 1600 + index
        items = []
        for no in range(1, items_per_plan + 1):
            chosen = rng.sample(city_units, rng.randint(1, 4))
            if rng.random() < 0.8 and HEAVY not in chosen:
                chosen.insert(rng.randint(0, len(chosen)), HEAVY)
            text = "".join(rng.sample(sentences, rng.randint(2, 5)))
            items.append(yaml_item(no, rng.choice(titles), text, chosen[:1], chosen[1:], rng.random() < 0.5))
        (root / f"{year}.yaml").write_text(plan_text(year, items, f"{year}年上海市质量工作要点"), encoding="utf-8")


EXPORT_ITEMS = 1000
EXPORT_PLAN = "2031"


def build_export_workspace(root: Path, rng: random.Random) -> Path:
    """A valid plan of EXPORT_ITEMS items in 20 sections, each item led by one registered unit
    and supported by up to five others (distinct units, so that the plan passes validation
    and can be exported)."""
    from ruamel.yaml import YAML

    sentences, titles, _ = corpus()
    root.mkdir(parents=True)
    shutil.copy(PLANS / "units.yaml", root / "units.yaml")
    registry = YAML(typ="safe").load((PLANS / "units.yaml").read_text(encoding="utf-8"))
    units = [unit["name"] for unit in registry["units"] if unit.get("kind") not in ("单位群组", "区级单位")]
    per_section = EXPORT_ITEMS // 20
    head = (f"title: {EXPORT_PLAN}年上海市质量工作要点\ndocument:\n  title: {EXPORT_PLAN}年上海市质量工作要点\n"
            f"  issuer: 上海市质量工作领导小组\n  date: {EXPORT_PLAN}-04-01\nsections:\n")
    parts = [head]
    for section in range(20):
        parts.append(f"  - no: {section + 1}\n    title: {rng.choice(titles)}\n    items:\n")
        for offset in range(per_section):
            chosen = rng.sample(units, rng.randint(1, 6))
            text = "".join(rng.sample(sentences, rng.randint(2, 5)))
            parts.append(yaml_item(section * per_section + offset + 1, rng.choice(titles), text, chosen[:1],
                                   chosen[1:], rng.random() < 0.5))
    path = root / f"{EXPORT_PLAN}.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def build_diff_workspace(root: Path, items: int, rng: random.Random) -> None:
    sentences, titles, units = corpus()
    root.mkdir(parents=True)
    shutil.copy(PLANS / "units.yaml", root / "units.yaml")
    # Distinctive made-up terms give each work line an identity, as real plans have.
    terms = ["".join(rng.choice("测量检验认证标准计量品牌攻关防疫召回追溯监测抽查信用绿色数字智能航空海洋芯片")
                     for _ in range(4)) for _ in range(items)]
    old_items, new_items = [], []
    order = list(range(items))
    rng.shuffle(order)
    kept = order[: int(items * 0.85)]
    for no, line in enumerate(range(items), start=1):
        text = f"推进{terms[line]}工作。" + "".join(rng.sample(sentences, 3))
        chosen = rng.sample(units, 3)
        old_items.append(yaml_item(no, f"加强{terms[line]}", text, chosen[:1], chosen[1:], True))
    new_no = 0
    for line in kept:
        new_no += 1
        sentence = rng.choice(sentences)
        text = f"深化{terms[line]}建设。" + sentence + "".join(rng.sample(sentences, 2))
        chosen = rng.sample(units, 3)
        new_items.append(yaml_item(new_no, f"深化{terms[line]}", text, chosen[:1], chosen[1:], False))
    while new_no < items:
        new_no += 1
        chosen = rng.sample(units, 2)
        new_items.append(yaml_item(new_no, rng.choice(titles) + "新举措", "".join(rng.sample(sentences, 3)),
                                   chosen[:1], chosen[1:], False))
    (root / "old.yaml").write_text(plan_text(2030, old_items, "旧任务清单"), encoding="utf-8")
    (root / "new.yaml").write_text(plan_text(2031, new_items, "新任务清单"), encoding="utf-8")


PROGRESS_UNITS = 40
PROGRESS_ITEMS = 40


def build_progress_workspace(root: Path, qplan: list[str], env: dict[str, str], rng: random.Random) -> Path:
    """A plan of 30 items over 40 units (each item a lead and three supporting units), its
    2030H1 forms sent out and every one of them filled in, as forty units would return them."""
    import openpyxl

    sentences, titles, _ = corpus()
    root.mkdir(parents=True)
    units = [f"市测试{index:02d}局" for index in range(1, PROGRESS_UNITS + 1)]
    (root / "units.yaml").write_text("units:\n" + "".join(f"  - name: {u}\n    kind: 市政府部门\n" for u in units),
                                     encoding="utf-8")
    items = []
    for no in range(1, PROGRESS_ITEMS + 1):
        chosen = [units[(no - 1) % PROGRESS_UNITS], *rng.sample(units, 3)]
        chosen = list(dict.fromkeys(chosen))
        items.append(yaml_item(no, f"{rng.choice(titles)}{no}", "".join(rng.sample(sentences, 2)), chosen[:1],
                               chosen[1:], True))
    (root / "2030.yaml").write_text(plan_text(2030, items, "2030年质量工作要点"), encoding="utf-8")
    forms = root.parent / "forms"
    subprocess.run([*qplan, "forms", "2030", "--period", "2030H1", "-o", str(forms), "--plans", str(root)],
                   env=env, check=True, capture_output=True)
    returned = root.parent / "returned"
    returned.mkdir()
    for path in sorted(forms.iterdir()):
        workbook = openpyxl.load_workbook(path)
        ws = workbook["推进情况"]
        columns = {cell.value: cell.column for cell in ws[3]}
        for row in range(4, ws.max_row + 1):
            if str(ws.cell(row=row, column=1).value or "").startswith("（"):
                ws.cell(row=row, column=columns["完成状态"]).value = rng.choice(["已完成", "按进度推进", "滞后"])
                ws.cell(row=row, column=columns["进展情况"]).value = "".join(rng.sample(sentences, 2))
                ws.cell(row=row, column=columns["存在问题"]).value = rng.choice(sentences)
        workbook.save(returned / f"{path.stem}（已填）.xlsx")
    return returned


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


# --- measurements -------------------------------------------------------------------

# (measure, kind, limit): kind "ratio" is against the floor, "seconds" absolute, "growth" against
# the seconds given as limit, "info" no target, "versus" against the Measure given as limit.
Check = tuple[Measure, str, Any]
WARM_SHOW_TARGET = 1.5


def show_checks(qplan: list[str], large: Path, uniform: dict[int, Path], env: dict[str, str],
                args: argparse.Namespace) -> list[Check]:
    def fill(folder: Path) -> None:
        # A first read fills the parse cache; a second one finds every view it needs in it.
        for _ in range(2):
            run_once([*qplan, "show", "--plans", str(folder), "--format", "json"], env)

    run_once([*qplan, "show", "2025", "--plans", str(PLANS)], env)
    fill(large)
    for folder in uniform.values():
        fill(folder)

    def show(folder: Path, unit: str) -> list[str]:
        return [*qplan, "show", "--plans", str(folder), "--dept", unit, "--format", "json"]

    checks: list[Check] = [
        (measure("qplan --help", [*qplan, "--help"], env, args.runs), "ratio", 1.5),
        (measure(f"show 2025 --dept {HEAVY}",
                 [*qplan, "show", "2025", "--dept", HEAVY, "--plans", str(PLANS)], env, args.runs),
         "ratio", 1.5),
        (measure(f"show --dept {HEAVY}, {args.plans} plans, cached", show(large, HEAVY), env, args.runs),
         "ratio", WARM_SHOW_TARGET),
        (measure(f"show --dept 闵行区市场监管局, {args.plans} plans, cached", show(large, "闵行区市场监管局"),
                 env, args.runs), "ratio", WARM_SHOW_TARGET),
        (measure(f"show --dept {EVERYWHERE} (in every plan), cached", show(large, EVERYWHERE), env, args.runs),
         "ratio", WARM_SHOW_TARGET),
    ]
    for size, folder in uniform.items():
        checks.append((measure(f"show --dept {HEAVY}, {args.plans} plans of {size} items all naming it, cached",
                               show(folder, HEAVY), env, args.runs), "ratio", WARM_SHOW_TARGET))
    checks.append((measure(f"show --dept {HEAVY}, {args.plans} plans, first read", show(large, HEAVY), env,
                           args.runs, fresh_cache=True), "seconds", 3.0))
    return checks


def export_checks(qplan: list[str], plan: Path, env: dict[str, str], runs: int) -> list[Check]:
    """`export` of the shipped 2025 plan (against the floor) and of a 1,000-item plan, against the
    pandas script an office user would write for the same plan, timed in the same run."""
    out = plan.parent.parent / "exported"
    out.mkdir(exist_ok=True)

    def fresh(target: Path) -> Callable[[], None]:
        # Each run writes a new file, as a first export does.
        return lambda: target.unlink(missing_ok=True)

    shipped = out / "2025.xlsx"
    large = out / f"{plan.stem}.xlsx"
    by_pandas = out / f"{plan.stem}-pandas.xlsx"
    run_once([*qplan, "show", plan.stem, "--plans", str(plan.parent), "--format", "json"], env)
    checks: list[Check] = [
        (measure("export 2025", [*qplan, "export", "2025", "--plans", str(PLANS), "-o", str(shipped)], env, runs,
                 prepare=fresh(shipped)), "info", 0.0),
    ]
    exported = measure(f"export, {EXPORT_ITEMS:,}-item plan",
                       [*qplan, "export", plan.stem, "--plans", str(plan.parent), "-o", str(large)], env, runs,
                       prepare=fresh(large))
    missing = pandas_missing()
    if missing:
        print(f"pandas script: skipped, {missing}\n")
        checks.append((exported, "skipped", missing))
        return checks
    script = measure("pandas script, same plan (pivot_table + to_excel)",
                     [sys.executable, str(PANDAS_SCRIPT), str(plan), str(by_pandas)], env, runs,
                     prepare=fresh(by_pandas))
    checks += [(script, "baseline", 0.0), (exported, "versus", script)]
    return checks


def pandas_missing() -> str | None:
    """Why the pandas comparison cannot run here, or None."""
    found = subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True, check=False)
    if found.returncode == 0:
        return None
    return "pandas is not installed in this Python (`make bench` installs it: pip install -e '.[bench]')"


def diff_checks(qplan: list[str], work: Path, sizes: list[int], env: dict[str, str], runs: int) -> list[Check]:
    """`diff old new --format json` of each pair of plans, the parse cache filled beforehand."""
    checks: list[Check] = []
    for size in sizes:
        folder = work / f"diff-{size}"
        name = f"diff {size:,} × {size:,} items"
        target = DIFF_TARGETS.get(size)
        try:
            run_once([*qplan, "show", "--plans", str(folder), "--format", "json"], env)
        except CommandFailed as exc:
            print(f"{name}: FAILED, {exc}\n")
            checks.append((Measure(name, float("inf"), 0.0, str(exc).splitlines()[0]), "seconds", target or 0.0))
            continue
        found = measure(name, [*qplan, "diff", "old", "new", "--plans", str(folder), "--format", "json"],
                        env, runs if size <= 1000 else min(runs, DIFF_RUNS_LARGE))
        if target is not None:
            checks.append((found, "seconds", target))
        else:
            checks.append((found, "growth", checks[0][0] if checks else found))
    return checks


def progress_checks(qplan: list[str], progress: Path, returned: Path, env: dict[str, str],
                    runs: int) -> list[Check]:
    """`collect` of every unit's returned form into an empty period (and again: nothing changes),
    and `status` of the 40-unit plan once all have reported."""
    def fresh_progress() -> None:
        shutil.rmtree(progress / "progress", ignore_errors=True)

    forms = sorted(str(p) for p in returned.iterdir())
    collect = [*qplan, "collect", *forms, "--plans", str(progress), "--format", "json"]
    status = [*qplan, "status", "2030", "--period", "2030H1", "--today", "2030-07-15", "--plans", str(progress),
              "--format", "json"]
    return [
        (measure(f"collect {len(forms)} forms into an empty period", collect, env, runs, prepare=fresh_progress),
         "seconds", 1.0),
        (measure(f"collect the same {len(forms)} forms again (no change)", collect, env, runs), "seconds", 1.0),
        (measure(f"status, {PROGRESS_UNITS}-unit plan, every unit reported", status, env, runs), "seconds", 1.0),
    ]


# --- report -----------------------------------------------------------------------------

def cover_figures() -> int:
    """Precision and recall of `qplan cover` on the evaluation set, from tests/cover_eval.py."""
    print("qplan cover on its evaluation set (tests/fixtures/cover_cases):")
    done = subprocess.run([sys.executable, "-m", "tests.cover_eval"], cwd=REPO, check=False)
    return done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--diff-items", type=int, nargs="+", default=[1000, 3000, 6000],
                        help="sizes of the plan pairs that diff compares")
    parser.add_argument("--diff-only", action="store_true", help="only the floor and the diff rows")
    parser.add_argument("--eval-only", action="store_true", help="print only the matcher evaluation figures")
    args = parser.parse_args()
    if args.eval_only:
        sys.exit(cover_figures())

    rng = random.Random(20251123)
    work = Path(tempfile.mkdtemp(prefix="qplan-bench-"))
    cache = work / "cache"
    env = {**os.environ, "QPLAN_CACHE_DIR": str(cache), "COLUMNS": "120"}
    env.pop("QPLAN_CACHE", None)
    # Commands run as on a user's machine, where Python keeps the bytecode it compiles.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    qplan = qplan_command()
    large, progress = work / "large", work / "progress" / "plans"
    uniform = {size: work / f"uniform-{size}" for size in UNIFORM_SIZES}
    if not args.diff_only:
        build_large_workspace(large, args.plans, rng)
        for size, folder in uniform.items():
            build_uniform_workspace(folder, args.plans, size, random.Random(f"uniform-{size}"))
        export_plan = build_export_workspace(work / "export" / "plans", random.Random("export"))
        returned = build_progress_workspace(progress, qplan, env, rng)
    diff_sizes = sorted(set(args.diff_items))
    for size in diff_sizes:
        # Each size from its own seed, so that a pair does not depend on what else was built.
        build_diff_workspace(work / f"diff-{size}", size, random.Random(f"diff-{size}"))
    # Let the writes of the generated workspaces reach the disk before anything is timed.
    os.sync()
    time.sleep(2)

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"load average at the start: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    if not args.diff_only:
        print(f"large workspace: {args.plans} plans, {count_items(large)} items (city and district plans)")
        for size, folder in uniform.items():
            print(f"uniform workspace: {args.plans} plans of {size} items, {count_items(folder)} items, "
                  f"every plan naming {HEAVY}")
        print(f"export: a plan of {EXPORT_ITEMS:,} items")
    print(f"diff: pairs of plans of {', '.join(f'{size:,}' for size in diff_sizes)} items")
    print(f"runs per figure: {args.runs} (median); {min(args.runs, DIFF_RUNS_LARGE)} for diffs above 1,000 items\n",
          flush=True)

    floor_argv = [sys.executable, "-c", FLOOR_CODE]
    run_once(floor_argv, env)  # warm the file-system cache before timing anything
    floor_before = measure("floor", floor_argv, env, args.runs)
    checks: list[Check] = []
    if not args.diff_only:
        checks += show_checks(qplan, large, uniform, env, args)
        checks += export_checks(qplan, export_plan, env, args.runs)
        checks += progress_checks(qplan, progress, returned, env, args.runs)
    checks += diff_checks(qplan, work, diff_sizes, env, args.runs)
    floor_after = measure("floor", floor_argv, env, args.runs)
    # The faster floor of the two, measured before and after: it can only make the ratios larger.
    floor = min(floor_before, floor_after, key=lambda m: m.seconds)

    rows = [(floor, "1.00× floor", True), *(verdict(m, kind, limit, floor) for m, kind, limit in checks)]
    width = max(display_width(m.name) for m, _, _ in rows) + 2
    print(f"floor measured before and after: {floor_before.seconds:.3f} s and {floor_after.seconds:.3f} s")
    print(f"load average at the end: {' '.join(f'{value:.2f}' for value in os.getloadavg())}\n")
    print(f"{pad('command', width)} {'median':>8} {'peak MB':>8}  result")
    for m, text, ok in rows:
        figures = f"{m.seconds:8.3f} {m.peak_mb:8.1f}" if m.failure is None else f"{'-':>8} {'-':>8}"
        print(f"{pad(m.name, width)} {figures}  {text}  {'OK' if ok else 'MISSED'}")
    # The pandas script is not qplan: its memory is not held to qplan's target.
    peak = max(m.peak_mb for m, kind, _ in checks if kind != "baseline")
    print(f"\npeak memory of any qplan run: {peak:.0f} MB (target < 300 MB)  {'OK' if peak < 300 else 'MISSED'}")
    shutil.rmtree(work, ignore_errors=True)
    evaluated = 0
    if not args.diff_only:
        print()
        evaluated = cover_figures()
    if not all(ok for _, _, ok in rows) or peak >= 300 or evaluated != 0:
        sys.exit(1)


def count_items(folder: Path) -> int:
    return sum(p.read_text(encoding="utf-8").count("\n      - no:") for p in folder.glob("*.yaml"))


def verdict(m: Measure, kind: str, limit: Any, floor: Measure) -> tuple[Measure, str, bool]:
    """The row's result text and whether it meets its target."""
    if m.failure is not None:
        return m, f"FAILED ({m.failure.split(':')[0]}, see above)", False
    ratio = m.seconds / floor.seconds
    if kind == "ratio":
        return m, f"{ratio:.2f}× floor (target ≤ {limit}×)", ratio <= limit
    if kind == "seconds":
        return m, f"{m.seconds:.2f} s (target < {limit} s)", m.seconds < limit
    if kind == "growth":
        return m, f"{m.seconds / limit.seconds:.1f}× the time of the smallest diff (for information)", True
    if kind == "versus":
        if limit.failure is not None:
            return m, f"{ratio:.2f}× floor; no pandas figure to compare (it failed)", False
        return m, f"{m.seconds / limit.seconds:.2f}× the pandas script (target ≤ 1.0×)", m.seconds <= limit.seconds
    if kind == "skipped":
        return m, f"{ratio:.2f}× floor; pandas comparison skipped: {limit}", True
    if kind == "baseline":
        return m, f"{ratio:.2f}× floor (the baseline for export)", True
    return m, f"{ratio:.2f}× floor (for information)", True


if __name__ == "__main__":
    main()

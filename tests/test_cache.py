"""The parse cache: used when a file is unchanged, never trusted otherwise."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.cache import ParseCache
from tests.conftest import item, small_plan

PLAN = small_plan(2025, [item(1, "原标题", ["市市场监管局"])])


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the cache: switch it on even when the suite runs with QPLAN_CACHE=off."""
    monkeypatch.delenv("QPLAN_CACHE", raising=False)


def titles(run: Callable[..., Result], plans: Path) -> list[str]:
    result = run("show", "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    return [d["title"] for d in json.loads(result.stdout)]


def same_size_same_mtime_rewrite(path: Path, old: str, new: str) -> None:
    """Change the text without changing size or mtime: only a cache hit still sees the old text."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def settle(path: Path) -> None:
    """Date the file an hour back, as if written long ago: only then does the cache trust its key alone."""
    past = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(past, past))


def test_unchanged_file_is_served_from_cache(make_plans: Callable[..., Path], run: Callable[..., Result],
                                             private_cache: Path) -> None:
    plans = make_plans({"2025": PLAN})
    settle(plans / "2025.yaml")
    assert titles(run, plans) == ["原标题"]
    assert len(list(private_cache.glob("*.cache"))) == 1
    same_size_same_mtime_rewrite(plans / "2025.yaml", "原标题", "新标题")
    assert titles(run, plans) == ["原标题"]


def test_a_just_written_file_is_checked_by_content(make_plans: Callable[..., Path], run: Callable[..., Result],
                                                   private_cache: Path) -> None:
    """Two writes within one tick of the file system's clock keep size and mtime: the cache
    must still see the second one (a racily new file is remembered with its checksum)."""
    plans = make_plans({"2025": PLAN})
    assert titles(run, plans) == ["原标题"]
    assert "2025.yaml" in ParseCache(plans).index
    same_size_same_mtime_rewrite(plans / "2025.yaml", "原标题", "新标题")
    assert titles(run, plans) == ["新标题"]


def test_a_file_replaced_by_rename_gets_a_new_key(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": PLAN})
    path = plans / "2025.yaml"
    settle(path)
    assert titles(run, plans) == ["原标题"]
    stat = path.stat()
    replacement = plans / "new.tmp"
    replacement.write_text(path.read_text(encoding="utf-8").replace("原标题", "新标题"), encoding="utf-8")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, path)
    assert titles(run, plans) == ["新标题"]


def test_changed_file_is_read_again(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": PLAN})
    assert titles(run, plans) == ["原标题"]
    path = plans / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("原标题", "改过的标题"), encoding="utf-8")
    assert titles(run, plans) == ["改过的标题"]


def test_cache_off_reads_every_time(make_plans: Callable[..., Path], run: Callable[..., Result],
                                    private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QPLAN_CACHE", "off")
    plans = make_plans({"2025": PLAN})
    assert titles(run, plans) == ["原标题"]
    same_size_same_mtime_rewrite(plans / "2025.yaml", "原标题", "新标题")
    assert titles(run, plans) == ["新标题"]
    assert list(private_cache.glob("*.cache")) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: "not json at all", id="corrupt"),
        pytest.param(lambda text: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text: text.replace('"version": "', '"version": "9', 1), id="other-version"),
        pytest.param(lambda text: text.replace('"root": "', '"root": "/elsewhere', 1), id="foreign-root"),
        pytest.param(lambda text: text.replace("原标题", "假标题"), id="tampered-body"),
        pytest.param(lambda text: '{"format": "qplan-parse-cache"}\n[1, 2]', id="wrong-shape"),
    ],
)
def test_damaged_cache_is_ignored_and_rebuilt(make_plans: Callable[..., Path], run: Callable[..., Result],
                                              private_cache: Path, damage: Callable[[str], str]) -> None:
    plans = make_plans({"2025": PLAN})
    settle(plans / "2025.yaml")
    titles(run, plans)
    cache_file = next(private_cache.glob("*.cache"))
    same_size_same_mtime_rewrite(plans / "2025.yaml", "原标题", "新标题")
    cache_file.write_text(damage(cache_file.read_text(encoding="utf-8")), encoding="utf-8")
    assert titles(run, plans) == ["新标题"]
    assert "2025.yaml" in ParseCache(plans).index


def test_unwritable_cache_folder_does_not_stop_commands(make_plans: Callable[..., Path], run: Callable[..., Result],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("QPLAN_CACHE_DIR", str(blocker / "cache"))
    plans = make_plans({"2025": PLAN})
    assert titles(run, plans) == ["原标题"]


def test_broken_file_is_not_cached(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": PLAN, "2022": "title: [\n"})
    run("show", plans=plans)
    assert "2022.yaml" not in ParseCache(plans).index
    result = run("show", "2022", plans=plans)
    assert result.exit_code == 1 and "2022.yaml:1: 文件在括号还没有闭合时就结束了" in result.stderr


def test_unit_query_skips_plans_that_do_not_mention_it(make_plans: Callable[..., Path], run: Callable[..., Result],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plans = make_plans({"2025": PLAN, "2022": small_plan(2022, [item(1, "教育", ["市教委"])])})
    run("show", plans=plans)  # fills the cache
    read: list[str] = []
    original = ParseCache.get

    def spy(self: ParseCache, name: str, stat: os.stat_result) -> object:
        read.append(name)
        return original(self, name, stat)

    monkeypatch.setattr(ParseCache, "get", spy)
    result = run("show", "--dept", "市卫健委", plans=plans)
    assert result.stdout.startswith("市卫生健康委：共 0 项（检索了 2 个计划）")
    assert read == ["units.yaml"]
    read.clear()
    result = run("show", "--dept", "市局", "--format", "json", plans=plans)
    assert [d["plan"] for d in json.loads(result.stdout)] == ["2025"]
    assert read == ["units.yaml", "2025.yaml"]


def test_a_second_save_keeps_what_was_not_read(tmp_path: Path) -> None:
    """A command may save the cache twice (validate: after the registry, then its verdicts):
    the entries it never read must survive the second save too."""
    folder = tmp_path / "plans"
    folder.mkdir()
    docs = {f"{year}.yaml": {"title": f"{year}年"} for year in (2024, 2025, 2026)}
    for name in docs:
        (folder / name).write_text("x", encoding="utf-8")
        settle(folder / name)
    first = ParseCache(folder)
    for name, doc in docs.items():
        first.put(name, (folder / name).stat(), doc)
    first.save()
    later = ParseCache(folder)
    assert later.get("2024.yaml", (folder / "2024.yaml").stat()) == docs["2024.yaml"]
    for _ in range(2):
        later.put_checked("2024.yaml", (folder / "2024.yaml").stat(), f"verdict {_}")
        later.save()
    last = ParseCache(folder)
    assert {name: last.get(name, (folder / name).stat()) for name in docs} == docs
    assert last.checked("2024.yaml", (folder / "2024.yaml").stat()) == "verdict 1"

"""The shared writer API (qplan.locking): what every writer of the plans folder builds on."""

from __future__ import annotations

import multiprocessing
import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from qplan.errors import OutputError
from qplan.locking import editing, history_copy, locked, rewrite
from tests.test_reliability import HANG_LIMIT, LINK, _two_plans, finish, load_plain, qplan_env, start

COUNT_WRITERS = 4
COUNT_EACH = 15


def _count_up(path: Path) -> None:
    for _ in range(COUNT_EACH):
        rewrite(path, lambda text: f"count: {int((text or 'count: 0').split(':')[1]) + 1}\n", create=True)


def test_concurrent_writers_of_a_new_file_lose_no_update(tmp_path: Path) -> None:
    """A progress file that does not exist yet, in a folder that does not exist yet."""
    path = tmp_path / "plans" / "progress" / "2025" / "2025H1.yaml"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_up, args=(path,)) for _ in range(COUNT_WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert path.read_text(encoding="utf-8") == f"count: {COUNT_WRITERS * COUNT_EACH}\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [".2025H1.yaml.lock", "2025H1.yaml"]


def test_an_exception_inside_the_edit_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "2025.yaml"
    path.write_text("原文\n", encoding="utf-8")
    with pytest.raises(RuntimeError), editing(path) as edit:
        edit.write("新内容\n")
        raise RuntimeError("the check after the write failed")
    # The write itself is whole: done before the exception, never half.
    assert path.read_text(encoding="utf-8") == "新内容\n"
    with pytest.raises(RuntimeError), editing(path) as edit:
        assert edit.text == "新内容\n"
        raise RuntimeError("nothing written")
    assert path.read_text(encoding="utf-8") == "新内容\n"


def test_an_unchanged_text_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "2025.yaml"
    path.write_text("原文\n", encoding="utf-8")
    before = path.stat()
    assert rewrite(path, lambda text: text) is False
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_missing_file_is_an_error_unless_created(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="文件不存在"), editing(tmp_path / "gone.yaml"):
        pass


def test_history_copies_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "2025.yaml"
    copies = [history_copy(path, f"版本{n}\n", header=["说明"]) for n in range(3)]
    assert len(set(copies)) == 3
    assert all(copy.parent == tmp_path / ".history" for copy in copies)
    assert [copy.read_text(encoding="utf-8") for copy in copies] == [f"# 说明\n版本{n}\n" for n in range(3)]


def _first_line_of_stderr(process: subprocess.Popen[bytes]) -> str:
    """What the process writes to stderr up to its first line end (or its end, or the hang limit)."""
    assert process.stderr is not None
    data = b""
    deadline = time.monotonic() + HANG_LIMIT
    while b"\n" not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 1.0)
        if ready:
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8", "replace")


def test_a_second_writer_waits_with_a_note_and_applies_its_change_on_top(tmp_path: Path) -> None:
    root = tmp_path / "work"
    _two_plans()(root)
    plan = root / "plans" / "2025.yaml"
    env = qplan_env(tmp_path / "cache")
    with locked(plan):
        began = time.monotonic()
        process = start(list(LINK), root, env)
        # Its note says it is waiting: only then is the first writer's change made (a fixed
        # sleep is shorter than a start-up on a loaded machine).
        note = _first_line_of_stderr(process)
        assert process.poll() is None  # still waiting
        plan.write_text(plan.read_text(encoding="utf-8") + "# 第一位写入者的改动\n", encoding="utf-8")
    result = finish(process, LINK, began)
    assert result.code == 0, note + result.stderr
    waiting = f"另一个 qplan 命令正在修改 {Path('plans') / '2025.yaml'}，等待它完成后再接着修改"
    assert (note + result.stderr).startswith(waiting)
    text = plan.read_text(encoding="utf-8")
    assert "# 第一位写入者的改动" in text
    assert load_plain(plan)["sections"][0]["items"][0]["links"] == {"continues": ["2024#1"]}


def test_a_writer_that_waits_too_long_gives_up_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "work"
    _two_plans()(root)
    plan = root / "plans" / "2025.yaml"
    before = plan.read_bytes()
    with locked(plan):
        began = time.monotonic()
        result = finish(start(list(LINK), root, qplan_env(tmp_path / "cache", QPLAN_LOCK_WAIT="1")), LINK, began)
    assert result.code == 1
    assert "等了 1 秒，另一个 qplan 命令仍在修改此文件，未作改动" in result.stderr
    assert plan.read_bytes() == before

"""Read YAML files with line numbers, and turn every way a file can be unreadable into
one clear Chinese message that names the file and, where there is one, the line."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from qplan.errors import FileReadError, OutputError


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing file, a folder or a permission problem is a FileReadError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileReadError("文件不存在。请检查路径。", file=path) from None
    except IsADirectoryError:
        raise FileReadError("这是一个文件夹，不是文件。", file=path) from None
    except OSError as exc:
        raise FileReadError(f"无法读取文件（{os_reason(exc)}）。请检查文件权限。", file=path) from None


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统只读",
    errno.ENOENT: "路径不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_reason(exc: OSError) -> str:
    """The system's reason for a failed read or write, in Chinese where we know it."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def read_text(path: Path) -> str:
    data = read_bytes(path)
    if not data.strip():
        raise FileReadError("文件为空。请填入内容，或删除此文件。", file=path)
    if b"\x00" in data[:8192]:
        raise FileReadError(
            "这是二进制文件，不是 YAML 文本。请确认没有把 Excel、Word 等文件放进计划文件夹。",
            file=path,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileReadError(
            "文件不是 UTF-8 编码（可能是 GBK/GB18030）。请用文本编辑器将其另存为 UTF-8 编码后重试。",
            file=path,
            line=line,
        ) from None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML text in round-trip mode, which keeps line numbers and comments."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or ""
        bad_line = text.splitlines()[line - 1] if line and 0 < line <= len(text.splitlines()) else ""
        if "duplicate key" in str(exc):
            message = "同一层级出现了重复的键。请删除或合并重复的键。"
        elif "\t" in bad_line or "\t" in detail:
            message = "YAML 不能用制表符（Tab）缩进。请把该行开头的 Tab 换成空格。"
        else:
            message = (
                f"YAML 语法错误（解析器提示：{detail}）。"
                "请检查该行及上一行的缩进、冒号、引号和括号是否配对。"
            )
        raise FileReadError(message, file=path, line=line) from None
    except YAMLError as exc:
        raise FileReadError(f"YAML 无法解析（{exc}）。请检查文件内容。", file=path) from None
    except ValueError:
        # The YAML library turns 2026-02-30 into a date and fails without saying where.
        line, written = _impossible_date(text)
        raise FileReadError(
            f"日期“{written}”不存在。请按 年-月-日 写出实际的日期，例如 2026-02-28。", file=path, line=line
        ) from None


def _impossible_date(text: str) -> tuple[int | None, str]:
    import datetime as dt
    import re

    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])", line):
            try:
                dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return number, match.group(0)
    return None, "?"


def load_yaml(path: Path) -> Any:
    return parse_yaml(read_text(path), path)


def load_yaml_fast(path: Path) -> Any:
    """Plain Python data without line numbers, through the C parser where available.

    On any problem the round-trip parser reads the text again, so errors still carry
    the line and the Chinese message.
    """
    text = read_text(path)
    try:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=False).load(text)
    except Exception:
        return parse_yaml(text, path)


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of a mapping key or sequence index in a round-trip node."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return int(lc.line) + 1
        if isinstance(key, int) and not isinstance(node, dict):
            return int(lc.item(key)[0]) + 1
        return int(lc.key(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return int(lc.line) + 1 if getattr(lc, "line", None) is not None else None


@contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Write to a temp file beside `path`, then rename: the old file survives any failure."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。请先创建该文件夹，或换一个输出路径。", file=path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"无法在“{folder}”中写入文件（{os_reason(exc)}）。请检查文件夹权限，或换一个输出路径。",
            file=path,
        ) from None
    tmp = Path(tmp_name)
    # mkstemp creates 0600 files; give the result the permissions a normal write would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as handle:
            yield handle
        if path.is_dir():
            raise OutputError("输出路径是一个文件夹。请给出文件名。", file=path)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"写入失败（{os_reason(exc)}）。原文件未被改动。", file=path) from None
    finally:
        if tmp.exists():
            tmp.unlink()

"""Read YAML files with line numbers, and turn every way a file can be unreadable into
one clear Chinese message that names the file and, where there is one, the line.

Also the one way qplan replaces a file: `atomic_write` (temp file beside it, then rename),
used by every writer, the parse cache included.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from qplan.errors import FileReadError, OutputError

# A plan, the registry or a progress file is well under 1 MB; anything this big is a mistake
# (or an attack) and would take minutes and gigabytes to parse.
MAX_YAML_BYTES = 16 * 1024 * 1024
# Temp files are named .<name>.<random>.tmp beside the file they replace.
TEMP_SUFFIX = ".tmp"

_KIND_NAMES = (
    (stat_module.S_ISDIR, "文件夹"),
    (stat_module.S_ISFIFO, "命名管道（FIFO）"),
    (stat_module.S_ISCHR, "字符设备"),
    (stat_module.S_ISBLK, "块设备"),
    (stat_module.S_ISSOCK, "套接字"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user knows."""
    return next((name for test, name in _KIND_NAMES if test(mode)), "特殊文件")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def read_file(path: Path, limit: int = MAX_YAML_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and the status of exactly what was read.

    A pipe or device is refused before anything is read (opening a FIFO does not wait),
    and so is a file larger than `limit`. The status comes from the open file, so a parse
    cache keyed by it can never pair one version's key with another version's content.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        link = _link_target(path)
        if link is not None:
            raise FileReadError(f"这是一个符号链接，它指向的“{link}”不存在（链接已断开）。"
                                "请修正或删除这个链接。", file=path) from None
        raise FileReadError("文件不存在。请检查路径。", file=path) from None
    except IsADirectoryError:
        raise FileReadError(_folder_message(path), file=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileReadError(f"这是一个循环的符号链接（指向“{_link_target(path)}”，一路链接下去又回到自己），"
                                "读不到任何文件。请修正或删除这个链接。", file=path) from None
        raise FileReadError(f"无法读取文件（{os_reason(exc)}）。请检查文件权限。", file=path) from None
    try:
        status = os.fstat(fd)
        if not stat_module.S_ISREG(status.st_mode):
            what = kind_of(status.st_mode)
            if stat_module.S_ISDIR(status.st_mode):
                raise FileReadError(_folder_message(path), file=path)
            raise FileReadError(f"这不是普通文件，而是{what}，qplan 不读取它。请给出一个普通文件。", file=path)
        if status.st_size > limit:
            raise FileReadError(
                f"文件太大（{megabytes(status.st_size)}），超过 qplan 读取的上限 {megabytes(limit)}。"
                "请确认选对了文件。", file=path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # One byte more than allowed tells a file that grew while being read.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileReadError(f"无法读取文件（{os_reason(exc)}）。请检查文件权限。", file=path) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileReadError(f"文件太大，超过 qplan 读取的上限 {megabytes(limit)}。请确认选对了文件。", file=path)
    return data, status


def _link_target(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def _folder_message(path: Path) -> str:
    link = _link_target(path)
    if link is not None:
        return f"这是一个指向文件夹“{link}”的符号链接，不是文件。请让它指向一个文件，或删除这个链接。"
    return "这是一个文件夹，不是文件。"


def read_bytes(path: Path, limit: int = MAX_YAML_BYTES) -> bytes:
    """The file's bytes; a missing file, a folder, a pipe, a huge file or a permission
    problem is a FileReadError."""
    return read_file(path, limit)[0]


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
    errno.EFBIG: "文件超过系统允许的大小",
    errno.EIO: "输入输出错误",
    errno.ELOOP: "符号链接循环",
}


def os_reason(exc: OSError) -> str:
    """The system's reason for a failed read or write, in Chinese where we know it."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def decode_text(data: bytes, path: Path) -> str:
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


def read_text(path: Path) -> str:
    return decode_text(read_bytes(path), path)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML text in round-trip mode, which keeps line numbers and comments."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    from qplan.yamlerrors import yaml_syntax_message
    from qplan.yamlguard import check_data, check_text, depth_error

    check_text(text, path)
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        message, line = yaml_syntax_message(exc, text)
        raise FileReadError(message, file=path, line=line) from None
    except ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except YAMLError as exc:
        raise FileReadError(f"YAML 无法解析（{exc}）。请检查文件内容。", file=path) from None
    except RecursionError:
        raise depth_error(path, None) from None
    except ValueError:
        # The YAML library turns 2026-02-30 into a date and fails without saying where.
        line, written = _impossible_date(text)
        raise FileReadError(
            f"日期“{written}”不存在。请按 年-月-日 写出实际的日期，例如 2026-02-28。", file=path, line=line
        ) from None
    check_data(doc, text, path)
    return doc


def _reader_error(exc: Any, text: str, path: Path) -> FileReadError:
    """A character YAML does not allow (a control character such as ESC): the parser gives an
    offset into the text; the user needs the line and column, and the character's name."""
    from qplan.names import describe

    position = exc.position if isinstance(exc.position, int) and 0 <= exc.position <= len(text) else None
    char = chr(exc.character) if isinstance(exc.character, int) else None
    if position is None or char is None:
        return FileReadError("文件中有 YAML 不允许的字符。请检查文件内容。", file=path)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return FileReadError(
        f"第 {column} 个字符是 {describe(char)}，YAML 文件不能含有这种控制字符（常随终端输出或其他程序的"
        "文字带入，看不见却会改变显示）。请删去它；确需写出时，在双引号中用转义写法，如 \"\\e\"。",
        file=path, line=line)


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


def parse_yaml_fast(text: str, path: Path) -> Any:
    """Plain Python data without line numbers, through the C parser where available.

    On any problem the round-trip parser reads the text again, so errors still carry
    the line and the Chinese message.
    """
    from qplan.yamlguard import check_data, check_text

    check_text(text, path)
    try:
        from ruamel.yaml import YAML

        doc = YAML(typ="safe", pure=False).load(text)
    except Exception:
        return parse_yaml(text, path)
    check_data(doc, text, path)
    return doc


def load_yaml_fast(path: Path) -> Any:
    return parse_yaml_fast(read_text(path), path)


def load_yaml_fast_stat(path: Path) -> tuple[Any, os.stat_result]:
    """As load_yaml_fast, with the status of the very file that was parsed (for the cache)."""
    data, status = read_file(path)
    return parse_yaml_fast(decode_text(data, path), path), status


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


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: a symlink's final target, so that the link
    stays a link (a shared plans folder often links to the office's copy)."""
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if real.is_symlink():
        raise OutputError("这是一个循环的符号链接，无法确定要写入的文件。请修正该链接。", file=path)
    return real


def check_writable(path: Path, existing: os.stat_result | None) -> None:
    """Refuse to replace a file its owner made read-only or that this user may not write:
    a rename would succeed (it needs only the folder's permission) and silently override it."""
    if existing is None:
        return
    if not stat_module.S_ISREG(existing.st_mode):
        raise OutputError(f"这不是普通文件，而是{kind_of(existing.st_mode)}，qplan 不会写入它。请换一个输出路径。",
                          file=path)
    permissions = stat_module.S_IMODE(existing.st_mode)
    if not permissions & 0o222:
        raise OutputError(f"文件是只读的（权限 {permissions:04o}），未作改动。如确需修改，请先取消只读"
                          f"（如 chmod u+w “{path}”）后重试。", file=path)
    if not os.access(path, os.W_OK):
        raise OutputError("当前用户没有写入此文件的权限，未作改动。请由文件所有者修改，或请其开放写权限后重试。",
                          file=path)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"无法访问文件（{os_reason(exc)}）。", file=path) from None


def _carry_over(tmp: Path, existing: os.stat_result | None) -> None:
    """Give the new file the old one's permissions and, where the system allows, its owner and
    group; a new file gets what a plain write would (0666 less the umask)."""
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    os.chmod(tmp, stat_module.S_IMODE(existing.st_mode))
    if not hasattr(os, "chown"):
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (existing.st_uid, existing.st_gid):
        return
    for uid, gid in ((existing.st_uid, existing.st_gid), (-1, existing.st_gid)):
        try:
            os.chown(tmp, uid, gid)
            # chown may clear set-id bits: put the mode back.
            os.chmod(tmp, stat_module.S_IMODE(existing.st_mode))
            return
        except OSError:
            continue


def _sync_folder(folder: Path) -> None:
    # The rename itself must survive a power cut, not only the data.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8", *,
                 durable: bool = True) -> Iterator[IO[Any]]:
    """Write to a temp file beside `path`, then rename: the old file survives any failure,
    an interrupt included, and no reader ever sees a half-written file.

    A symlink is written through (its target is replaced, the link stays); a read-only file
    or one this user may not write is refused; the old file's mode and owner are kept.
    With `durable`, data and rename are flushed to disk before returning.
    """
    target = write_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。请先创建该文件夹，或换一个输出路径。", file=path)
    if target.is_dir():
        raise OutputError("输出路径是一个文件夹。请给出文件名。", file=path)
    existing = _stat_or_none(target)
    check_writable(target, existing)
    # The temp file's name is chosen before it is created, inside the try: an interrupt at
    # any instant, even the one in which the file comes into being, still removes it.
    tmp: Path | None = None
    try:
        for _ in range(100):
            tmp = folder / f".{target.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}"
            try:
                fd = _open_temp(tmp)
                break
            except FileExistsError:
                tmp = None  # someone else's: never ours to remove
        else:
            raise FileExistsError(errno.EEXIST, "no free temp name")
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as handle:
            _carry_over(tmp, existing)
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
        if durable:
            _sync_folder(folder)
    except OSError as exc:
        if tmp is None or not _created(tmp):
            raise OutputError(
                f"无法在“{folder}”中写入文件（{os_reason(exc)}）。请检查文件夹权限，或换一个输出路径。",
                file=path,
            ) from None
        raise OutputError(f"写入失败（{os_reason(exc)}）。原文件未被改动。", file=path) from None
    finally:
        if tmp is not None:
            with suppress(OSError):
                tmp.unlink()


def _open_temp(path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


def _created(tmp: Path) -> bool:
    return tmp.exists()


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    with atomic_write(path, "wb", encoding=None, durable=durable) as handle:
        handle.write(data)


def is_temp_leftover(name: str) -> bool:
    """A temp file of atomic_write (.<name>.<random>.tmp), left behind by a killed write."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3

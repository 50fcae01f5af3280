"""What `qplan import` agrees to read: a regular file of a plan's size, and a .docx whose parts
inflate to a plan's size. A real plan document is well under 1 MB; the limits leave ample
room for pictures in a Word file while keeping a pipe, a device, a zip bomb or a stray
200 MB log from hanging the command or exhausting memory."""

from __future__ import annotations

import io
import stat as stat_module
import zipfile
from pathlib import Path

from qplan.errors import FileReadError
from qplan.importer.errors import SourceError
from qplan.yamlio import kind_of, megabytes, os_reason, read_file

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_DOCX_BYTES = 30 * 1024 * 1024
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_INFLATED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 2000


def _limit(path: Path, data_is_zip: bool | None = None) -> int:
    zipped = data_is_zip if data_is_zip is not None else path.suffix.lower() == ".docx"
    return MAX_DOCX_BYTES if zipped else MAX_TEXT_BYTES


def _too_big(path: Path, size: int, limit: int) -> SourceError:
    return SourceError(f"文件太大（{megabytes(size)}），超过导入的上限 {megabytes(limit)}。一份计划文件通常不到 1 MB："
                       "请确认选对了文件。", file=path)


def check_source(path: Path) -> None:
    """Before anything else (the target file included): the source exists and is a regular
    file of a plausible size. Checked by its status only, so nothing can block."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise SourceError("文件不存在。请检查路径和文件名。", file=path) from None
    except OSError as exc:
        raise SourceError(f"无法读取文件（{os_reason(exc)}）。请检查路径和权限。", file=path) from None
    if stat_module.S_ISDIR(status.st_mode):
        raise SourceError("这是一个文件夹，不是文件。请给出要导入的 .txt 或 .docx 文件。", file=path)
    if not stat_module.S_ISREG(status.st_mode):
        raise SourceError(f"这不是普通文件，而是{kind_of(status.st_mode)}，qplan 不导入它。"
                          "请给出要导入的 .txt 或 .docx 文件。", file=path)
    limit = max(MAX_TEXT_BYTES, MAX_DOCX_BYTES)
    if status.st_size > limit:
        raise _too_big(path, status.st_size, _limit(path))


def read_source_bytes(path: Path) -> bytes:
    """The source's bytes, refused when not a regular file or larger than a plan can be."""
    try:
        data, _ = read_file(path, limit=MAX_DOCX_BYTES)
    except FileReadError as exc:
        raise SourceError(exc.message, file=path) from None
    limit = _limit(path, data.startswith(b"PK\x03\x04"))
    if len(data) > limit:
        raise _too_big(path, len(data), limit)
    return data


def check_docx_parts(path: Path, data: bytes) -> None:
    """Refuse a .docx whose parts would inflate past what a plan needs (a zip bomb).

    The sizes a zip declares bound what Python's zipfile will inflate: it stops at the
    declared size and fails when the data goes on, so checking them is enough.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports a damaged file in its own words
    if len(parts) > MAX_PARTS:
        raise SourceError(f".docx 文件含有 {len(parts)} 个部件，远多于 Word 文档应有的数量，qplan 不读取它。"
                          "请在 Word 中重新另存为 .docx 后再导入。", file=path)
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES or total > MAX_INFLATED_BYTES:
            raise SourceError(
                f".docx 文件解压后过大（部件 {part.filename} 为 {megabytes(part.file_size)}，上限 "
                f"{megabytes(MAX_PART_BYTES)}；全部上限 {megabytes(MAX_INFLATED_BYTES)}），可能是损坏或恶意构造的文件，"
                "qplan 不读取它。请确认选对了文件。", file=path)

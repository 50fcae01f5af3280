"""Workbooks qplan writes carry a mark: a custom document property holding a hash of the
workbook's content. Before replacing a file, qplan reads the mark: a workbook it wrote and
nobody changed since is replaced as usual; one that a person edited (Excel keeps custom
properties, but the content no longer matches the hash) or a file qplan did not write is
replaced only when the user says --force.

No openpyxl here: a workbook is a zip of XML parts, and that is all this needs.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat as stat_module
import zipfile
from pathlib import Path
from typing import Any, Literal

from qplan.errors import OutputError

PROPERTY = "qplan-content-sha256"
PLACEHOLDER = "0" * 64
CUSTOM_PART = "docProps/custom.xml"
# A workbook qplan writes is well under this; a larger file is not ours and is not read.
MAX_CHECKED_BYTES = 64 * 1024 * 1024
MAX_CHECKED_INFLATED = 256 * 1024 * 1024
# Excel, WPS and LibreOffice may reorder attributes and move namespace declarations.
_VALUE_RE = re.compile(
    rf'<(?:\w+:)?property\b[^>]*\bname="{PROPERTY}"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>([0-9a-f]{{64}})<')

State = Literal["absent", "ours", "edited", "foreign"]


def add_placeholder(workbook: Any) -> None:
    """Give an openpyxl workbook the property, to be filled in by `marked` after saving."""
    from openpyxl.packaging.custom import StringProperty

    props = workbook.custom_doc_props
    for existing in list(props):
        if existing.name == PROPERTY:
            props.props.remove(existing)
    props.append(StringProperty(name=PROPERTY, value=PLACEHOLDER))


def content_hash(archive: zipfile.ZipFile) -> str:
    """The hash of every part but the one holding the hash itself."""
    digest = hashlib.sha256()
    for name in sorted(archive.namelist()):
        if name == CUSTOM_PART:
            continue
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(archive.read(name))
        digest.update(b"\0")
    return digest.hexdigest()


def marked(data: bytes) -> bytes:
    """The saved workbook with the placeholder replaced by its content hash, every part
    compressed (a workbook saved with its parts stored, see save_marked, is compressed once)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        value = content_hash(source)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == CUSTOM_PART:
                    content = content.replace(PLACEHOLDER.encode(), value.encode(), 1)
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content)
    return out.getvalue()


def state_of(path: Path) -> State:
    """Whether `path` is missing, a workbook qplan wrote and nobody changed, one changed since,
    or something qplan did not write. Reads at most a bounded amount."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "foreign"
    if not stat_module.S_ISREG(status.st_mode) or status.st_size > MAX_CHECKED_BYTES:
        return "foreign"
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_CHECKED_INFLATED:
                return "foreign"
            if CUSTOM_PART not in archive.namelist():
                return "foreign"
            found = _VALUE_RE.search(archive.read(CUSTOM_PART).decode("utf-8", "replace"))
            if found is None:
                return "foreign"
            return "ours" if found.group(1) == content_hash(archive) else "edited"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError, NotImplementedError):
        return "foreign"


def refuse_to_replace(path: Path) -> None:
    """Stop before replacing a workbook a person edited, or a file qplan did not write."""
    found = state_of(path)
    if found == "edited":
        raise OutputError(
            "这个工作簿在 qplan 生成之后被修改过（可能有人在 Excel 或 WPS 中编辑并保存了它），未覆盖。"
            "如确定用新导出的内容替换它，请加 --force；或用 -o 另存为别的文件名。", file=path)
    if found == "foreign":
        raise OutputError(
            "这个文件不是 qplan 生成的，未覆盖。如确定要替换它，请加 --force；或用 -o 另存为别的文件名。", file=path)


def save_marked(workbook: Any, path: Path, *, force: bool = False) -> None:
    """Save an openpyxl workbook with its mark, atomically; without `force`, only over nothing
    or over an unchanged workbook of qplan's own.

    The workbook is built in memory first, so a full disk or Ctrl-C during the write to the
    file interrupts a plain write of bytes, never the zip library half-way through.
    """
    from qplan.yamlio import write_atomically

    if not force:
        refuse_to_replace(path)
    add_placeholder(workbook)
    try:
        data = _saved(workbook)
    except Exception as exc:
        reason = _temp_file_failure(exc)
        if reason is None:
            raise
        raise OutputError(f"写入失败（{reason}：生成工作簿用的临时文件写不下）。原文件未被改动。"
                          "请腾出磁盘空间（包括系统临时文件夹）后重试。", file=path) from None
    write_atomically(path, marked(data))


def _saved(workbook: Any) -> bytes:
    """What openpyxl's Workbook.save writes, with the parts stored uncompressed: `marked`
    reads every part back to hash it and writes them compressed, once."""
    import datetime as dt

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
    # Closed here too when openpyxl fails half-way (it closes the archive only on success).
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _temp_file_failure(exc: Exception) -> str | None:
    """openpyxl writes each sheet through a temp file (lxml): a full disk there surfaces as an
    OSError or as lxml's SerialisationError("IO_ENOSPC")."""
    import errno

    from qplan.yamlio import os_reason

    if isinstance(exc, OSError):
        return os_reason(exc)
    found = re.search(r"\bIO_(E[A-Z]+)\b", str(exc))
    if type(exc).__name__ == "SerialisationError" and found:
        number = getattr(errno, found.group(1), None)
        return os_reason(OSError(number, found.group(1))) if number is not None else found.group(1)
    return None

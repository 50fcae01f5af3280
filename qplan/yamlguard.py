"""Limits on the shape of a YAML file, checked while it is parsed: nesting depth, how
many nodes aliases add ("billion laughs": a few lines whose aliases expand to 10⁹ nodes),
and tags (`!custom_tag`, `!!python/name:os.system`), which no qplan file uses.

No plan, registry or progress file needs more than a dozen levels or any alias; a file that
exceeds the limits is refused with its line, instead of hanging every command that reads it
or crashing the parser (the C parser recurses while composing and dies on deep nesting).

Cheap text bounds decide when the exact check, a walk over the parser's events, must run,
so that ordinary files pay nothing measurable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qplan.errors import FileReadError

MAX_DEPTH = 64
# Nodes that aliases may add beyond the file's own: generous for hand-made anchors,
# a rounding error against a billion laughs.
MAX_ALIAS_NODES = 100_000
# Nesting the parsers survive; below it the exact depth is checked on the parsed data.
_SAFE_TEXT_DEPTH = 500
_DEEP_INDENT_RE = re.compile(rf"^[ \t\-?:]{{{_SAFE_TEXT_DEPTH},}}", re.MULTILINE)
_BRACKETS_RE = re.compile(r"[^\[\]{}]+")


class YamlShapeError(FileReadError):
    """Nesting too deep, aliases that expand too far, or a structure that contains itself."""


# The tags that only name a plain type (`!!str 2025`). Any other tag, even `!` (which the
# parsers read differently), is refused before anything is built: no tag is ever acted on,
# and the message says that it is a tag instead of calling `title: !custom_tag 测试条目` "not text".
_CORE = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))


def tag_error(path: Path, line: int | None, tag: str) -> YamlShapeError:
    written = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
    return YamlShapeError(
        f"这里的值带有 YAML 标签“{written}”。qplan 的文件只写文字、数字和日期，不用标签，也从不执行标签"
        f"所要求的任何操作（如 !!python/…）。请删去“{written}”，只留下值本身。", file=path, line=line)


def depth_error(path: Path, line: int | None) -> YamlShapeError:
    return YamlShapeError(
        f"YAML 嵌套超过 {MAX_DEPTH} 层。计划文件、单位登记表和进度文件都不需要这么多层，"
        "文件可能已损坏或被改动。请检查该处的括号和缩进。", file=path, line=line)


def alias_error(path: Path, line: int | None) -> YamlShapeError:
    return YamlShapeError(
        f"YAML 别名（&锚点 / *引用）展开后超过 {MAX_ALIAS_NODES} 个节点，读取会耗尽时间和内存。"
        "qplan 的文件不需要别名：请把 * 引用改成写出的内容，或删除它们。", file=path, line=line)


def recursion_error(path: Path, line: int | None) -> YamlShapeError:
    return YamlShapeError(
        "YAML 别名引用了包含它自身的内容（循环引用）。请删除该处的 * 引用。", file=path, line=line)


def check_text(text: str, path: Path) -> None:
    """Before parsing: run the exact event walk when the text could hold anchors, tags or deep
    nesting."""
    if "&" in text or "!" in text or _may_nest_deeply(text):
        check_events(text, path)


def _may_nest_deeply(text: str) -> bool:
    if _DEEP_INDENT_RE.search(text):
        return True
    if text.count("[") + text.count("{") <= _SAFE_TEXT_DEPTH:
        return False
    depth = 0
    for char in _BRACKETS_RE.sub("", text):
        depth = depth + 1 if char in "[{" else max(0, depth - 1)
        if depth > _SAFE_TEXT_DEPTH:
            return True
    return False


def check_events(text: str, path: Path) -> None:
    """The exact check: depth and alias expansion from the event stream, which neither
    recurses nor builds anything. Syntax errors are left to the parser that follows."""
    from ruamel.yaml import events
    from ruamel.yaml.error import YAMLError

    starts = (events.MappingStartEvent, events.SequenceStartEvent)
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    sizes: dict[str, int] = {}
    open_anchors: list[str | None] = []
    counts = [0]
    added = 0
    try:
        for event in _events(text):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in PLAIN_TAGS:
                raise tag_error(path, line, tag)
            if isinstance(event, starts):
                counts.append(1)
                open_anchors.append(event.anchor)
                if len(open_anchors) > MAX_DEPTH:
                    raise depth_error(path, line)
            elif isinstance(event, ends):
                size = counts.pop()
                anchor = open_anchors.pop()
                if anchor is not None:
                    sizes[anchor] = size
                counts[-1] += size
            elif isinstance(event, events.ScalarEvent):
                counts[-1] += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, events.AliasEvent):
                if event.anchor in open_anchors:
                    raise recursion_error(path, line)
                size = sizes.get(event.anchor, 1)
                counts[-1] += size
                added += size
                if added > MAX_ALIAS_NODES:
                    raise alias_error(path, line)
    except YAMLError:
        return


def _events(text: str) -> Any:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # no C extension: the pure parser's events are iterative too
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).parse(text)
    parser = CParser(text)

    def generate() -> Any:
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()

    return generate()


def check_data(doc: Any, text: str, path: Path) -> None:
    """After parsing: exact depth and expansion of what was built (shared objects are aliases).
    On a violation the event walk runs to find the line."""
    if _data_ok(doc):
        return
    check_events(text, path)
    raise alias_error(path, None)


def _data_ok(doc: Any) -> bool:
    """Depth ≤ MAX_DEPTH, no cycle, and aliases adding at most MAX_ALIAS_NODES nodes.

    Iterative, and each container is expanded once: the size of a shared container is
    remembered, so a billion laughs costs as little to measure as it takes to write.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, int, bool]] = [(doc, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
            continue
        if key in on_path:
            return False
        if key in sizes:
            continue
        if depth > MAX_DEPTH:
            return False
        distinct += 1 + len(children)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if isinstance(child, (dict, list)))
    return sizes.get(id(doc), 1) <= distinct + MAX_ALIAS_NODES

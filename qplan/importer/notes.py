"""Sentences that put a unit on every item instead of repeating it (以下不再列出), and 注：
lines: they become the plan's notes."""

from __future__ import annotations

import re

# A sentence that puts a unit on every item instead of repeating it: 以下不再列出.
NOTE_RE = re.compile(
    r"不再(一一|单独|逐项|重复)?列(出|明|举)|均为[^。；]{0,20}(责任|牵头|配合)(单位|部门)"
    r"|各项(任务|工作)均[^。；]{0,20}(负责|落实|责任)"
)
NOTE_PREFIX_RE = re.compile(r"^(注|备注|说明)\s*[：:]\s*")


def note_sentences(text: str) -> list[str]:
    """注：… lines whole; elsewhere the sentences that put a unit on every item."""
    if NOTE_PREFIX_RE.match(text):
        return [NOTE_PREFIX_RE.sub("", text).strip()]
    return [note_text(s) for s in sentences(text) if NOTE_RE.search(s)]


def sentences(text: str) -> list[str]:
    return re.findall(r"[^。；;]+[。；;]?", text)


def note_text(sentence: str) -> str:
    return sentence.strip().strip("（）()").rstrip("；;").rstrip("。") + "。"

"""One normalisation of unit names, for every place a name comes from: plan files, the unit
registry, progress files, returned forms and the command line.

Names are typed by people and pasted from Word, web pages and chat programs, so the same
unit arrives as `市市场监管局`, `市市场监管局 ` (a trailing space, no-break space U+00A0 or
ideographic space U+3000) or `市市场监管局` with a zero-width space U+200B that no one can see.
Every comparison of names (the model, the parse cache's unit index, the registry, the rules)
goes through `normal_name`, so that a name means one unit however it was typed, and an answer
never depends on which path (cold or warm cache) read the file.

What `normal_name` does:
- whitespace of every kind is trimmed at both ends; inside a name it goes where it meets a
  Chinese character (Chinese names have no spaces: 市市场 监管局 is 市市场监管局) and becomes
  one plain space between two Latin words;
- compatibility forms fold to the ordinary character, as NFKC would fold them: full-width
  letters and digits (Ａ１ -> A1), Kangxi radicals and compatibility ideographs that look
  exactly like the ordinary ideograph (⼈ -> 人, as PDF text often carries), half-width forms
  (､ -> 、);
- but not NFKC over the whole name: NFKC turns the full-width brackets and punctuation of a
  Chinese name into ASCII (闵行区质量和标准化工作领导小组（闵行区市场监管局） would lose its
  （）), and turns ① into 1 and … into ...; those are the document's own spelling and stay.
  The other way round, ASCII brackets touching a Chinese character are read as the
  full-width ones Chinese text uses (as `qplan import` writes them), so a hand-typed (…)
  still finds the unit; between Latin letters and digits they stay as typed;
- invisible characters (zero-width spaces and joiners, the BOM, bidirectional controls,
  control characters) are kept, never dropped: a name holding one matches nothing, and
  `invisible_at` / `name_problem` say which character it is and where, so that validate,
  the registry and the command line refuse it with that message. Dropping them silently
  would let `市市场监管局` + U+200B, registered as another unit's alias, move items.

The plan files themselves are never rewritten: `Item.written` keeps the spelling a document
used where it differs from the canonical name, and validate warns about every name that was
only read after normalising (unit-spelling), so nothing changes without the user hearing.
"""

from __future__ import annotations

import re
import unicodedata

from qplan.errors import UnknownUnitError

# Python's whitespace, less the four C0 separators (U+001C-001F), which are control characters.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000"
_WHITESPACE_SET = frozenset(WHITESPACE)
# Names made only of these need no work (nearly every name): ideographs, printable ASCII other
# than the brackets and the space, full-width punctuation, CJK punctuation (not U+3000), and
# the middle dot, dash, curly quotes and ellipsis of Chinese text.
_PLAIN_RE = re.compile("[\u4e00-\u9fff\u3400-\u4dbf!-'*-~\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e"
                       "\u3001-\u303f\u00b7\u2014\u2018-\u201d\u2026]*")
_BRACKETS = {"(": "（", ")": "）"}

SPACE_NAMES = {
    0x09: "制表符", 0x0A: "换行符", 0x0B: "垂直制表符", 0x0C: "换页符", 0x0D: "回车符", 0x20: "空格",
    0x85: "下一行符", 0xA0: "不换行空格", 0x1680: "欧甘空格", 0x2007: "数字空格", 0x2028: "行分隔符",
    0x2029: "段分隔符", 0x202F: "窄不换行空格", 0x205F: "数学中空格", 0x3000: "全角空格",
}
INVISIBLE_NAMES = {
    0x00: "空字符 NUL", 0x07: "响铃符 BEL", 0x08: "退格符 BS", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0xAD: "软连字符", 0x034F: "组合用字形连接符", 0x061C: "阿拉伯字母标记", 0x115F: "韩文初声填充符",
    0x1160: "韩文中声填充符", 0x180E: "蒙古文元音分隔符", 0x200B: "零宽空格", 0x200C: "零宽不连字",
    0x200D: "零宽连字", 0x200E: "从左到右标记", 0x200F: "从右到左标记", 0x202A: "从左到右嵌入",
    0x202B: "从右到左嵌入", 0x202C: "方向格式结束", 0x202D: "从左到右覆盖", 0x202E: "从右到左覆盖",
    0x2060: "字连接符", 0x2066: "从左到右隔离", 0x2067: "从右到左隔离", 0x2068: "第一强方向隔离",
    0x2069: "方向隔离结束", 0x2800: "盲文空白", 0x3164: "韩文填充符", 0xFEFF: "零宽不换行空格（BOM）",
    0xFFA0: "半角韩文填充符",
}
# Characters that show nothing though Unicode does not class them as format or control characters.
_BLANK_LOOKING = frozenset(chr(code) for code in (0x034F, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0))


def _folds(char: str) -> bool:
    """Compatibility forms that NFKC may fold without changing a Chinese name's spelling."""
    code = ord(char)
    return (0x2E80 <= code <= 0x2FDF  # CJK radicals supplement, Kangxi radicals
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F  # compatibility ideographs
            or 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A  # Ａ１
            or 0xFF61 <= code <= 0xFFDC)  # half-width forms: ､ ｡ ｢ ｣, katakana


def _fold_kind(char: str) -> str:
    code = ord(char)
    if 0x2E80 <= code <= 0x2FDF:
        return "部首"
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        return "兼容汉字"
    if 0xFF10 <= code <= 0xFF19:
        return "全角数字"
    if 0xFF21 <= code <= 0xFF5A:
        return "全角字母"
    if char in _BRACKETS:
        return "半角括号"
    return "半角字符"


def _chinese(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef" \
        or char >= "\U00020000"


def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char) if _folds(char) else char


def _chinese_brackets(chars: list[str]) -> list[str]:
    """ASCII brackets touching a Chinese character are the full-width ones of Chinese text
    (…小组(闵行区市场监管局)); between Latin letters and digits (@SUM(1+1)) they stay as typed.
    A pair is read alike: both or neither."""
    def touches(index: int) -> bool:
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        return bool((before and _chinese(before[-1])) or (after and _chinese(after[0])))

    pairs: list[list[int]] = []
    open_at: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            open_at.append(index)
        elif char == ")":
            pairs.append([open_at.pop(), index] if open_at else [index])
    pairs += [[index] for index in open_at]
    for pair in pairs:
        if any(touches(index) for index in pair):
            for index in pair:
                chars[index] = _BRACKETS[chars[index]]
    return chars


_memo: dict[str, str] = {}


def normal_name(raw: str) -> str:
    """The name as qplan compares it (see the module's docstring). Never raises: invisible
    characters stay in, so that such a name matches no registered one."""
    # Runs for every unit of every item read: a workspace repeats a few hundred names.
    found = _memo.get(raw)
    if found is None:
        found = raw if _PLAIN_RE.fullmatch(raw) else _normalise(raw)
        if len(_memo) > 50_000:  # hostile input cannot grow it without bound
            _memo.clear()
        _memo[raw] = found
    return found


def _normalise(raw: str) -> str:
    out: list[str] = []
    gap = False
    for char in raw.strip(WHITESPACE):
        if char in _WHITESPACE_SET:
            gap = True
            continue
        folded = _fold(char)
        if gap and out and not (_chinese(out[-1][-1]) or _chinese(folded[0])):
            out.append(" ")
        gap = False
        out.append(folded)
    return unicodedata.normalize("NFC", "".join(_chinese_brackets(out)))


def is_invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs") or char in _BLANK_LOOKING or \
        "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


def invisible_at(name: str) -> tuple[int, str] | None:
    """The first invisible character of a (normalised) name and its 1-based position."""
    if _PLAIN_RE.fullmatch(name):
        return None
    for index, char in enumerate(name, start=1):
        if is_invisible(char) and char not in _WHITESPACE_SET:
            return index, char
    return None


def has_invisible(raw: str) -> bool:
    """True for a name that an invisible character keeps from matching (reported on its own
    as such, never as an unknown unit whose suggestion looks identical)."""
    return invisible_at(normal_name(raw)) is not None


def describe(char: str) -> str:
    """U+200B 零宽空格: a character as a message names it."""
    code = ord(char)
    label = INVISIBLE_NAMES.get(code) or SPACE_NAMES.get(code)
    if label is None:
        category = unicodedata.category(char)
        if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
            label = "变体选择符"
        elif 0xE0000 <= code <= 0xE007F:
            label = "标签字符"
        elif category == "Cc":
            label = "控制字符"
        elif category == "Cs":
            label = "无法识别的字节（不是 UTF-8 编码的文字）"
        elif category == "Cf":
            label = "格式控制字符"
        elif char in _WHITESPACE_SET:
            label = "空白"
        else:
            label = f"“{char}”"
    return f"U+{code:04X} {label}"


def shown(text: str) -> str:
    """The text with each invisible character written out as [U+200B], so that a message
    shows where it is (and sends no control character to the terminal)."""
    if _PLAIN_RE.fullmatch(text):
        return text
    return "".join(f"[U+{ord(c):04X}]" if is_invisible(c) else c for c in text)


def name_problem(raw: str) -> str | None:
    """What is wrong with a name as written, in words for a message, or None.

    A name with an invisible character: which one, at which position, and what is left
    without it (so the user sees what it was meant to be)."""
    name = normal_name(raw)
    found = invisible_at(name)
    if found is None:
        return None
    index, char = found
    before = name[:index - 1]
    where = f"（“{shown(before)}”之后）" if before else "（在最前面）"
    meant = normal_name("".join(c for c in name if not is_invisible(c)))
    rest = f"，去掉后是“{meant}”" if meant else ""
    return f"“{shown(name)}”含有看不见的字符：第 {index} 个字符{where}是 {describe(char)}{rest}。"


def spelling_changes(raw: str) -> list[str]:
    """How normalising changed a name, in words: spaces trimmed or removed, forms folded."""
    name = normal_name(raw)
    if name == raw:
        return []
    changes: list[str] = []
    core = raw.strip(WHITESPACE)
    leading, trailing = raw[:len(raw) - len(raw.lstrip(WHITESPACE))], raw[len(raw.rstrip(WHITESPACE)):]
    if leading:
        changes.append(f"开头有空白（{_spaces(leading)}）")
    if trailing:
        changes.append(f"末尾有空白（{_spaces(trailing)}）")
    inside = [c for c in core if c in _WHITESPACE_SET]
    if inside:
        changes.append(f"中间有空白（{_spaces(''.join(inside))}）")
    folded = {(c, _fold(c)) for c in core if _fold(c) != c}
    folded |= {(c, _BRACKETS[c]) for c in core if c in _BRACKETS and _BRACKETS[c] in name}
    changes += [f"{_fold_kind(c)}“{c}”（U+{ord(c):04X}）读作“{to}”" for c, to in sorted(folded)]
    return changes


def _spaces(text: str) -> str:
    kinds = sorted(set(text), key=ord)
    return "、".join(describe(c) for c in kinds)


# What a message about an invisible character says to do.
INVISIBLE_ADVICE = "这种字符常随从网页、Word 或聊天软件复制的文字带入，名称看起来一样却对不上。请删去该字符。"


class InvisibleCharacterError(UnknownUnitError):
    """A unit name typed on the command line with an invisible character in it."""


def typed_name(raw: str, option: str = "--dept") -> str:
    """A unit name the user typed, normalised; an invisible character in it is refused."""
    problem = name_problem(raw)
    if problem is not None:
        raise InvisibleCharacterError(f"{option} 给出的单位名称{problem}请删去该字符（或直接键入单位名称）后重试。")
    return normal_name(raw)


def drop_invisible(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without its invisible characters (whitespace is not touched), and each one
    dropped with its 1-based position in `text`. For the importer, which reads names out of a
    document and says what it removed; names already in plan files keep theirs (see above)."""
    if _PLAIN_RE.fullmatch(text):
        return text, []
    kept: list[str] = []
    dropped: list[tuple[int, str]] = []
    for index, char in enumerate(text, start=1):
        if is_invisible(char) and char not in _WHITESPACE_SET:
            dropped.append((index, char))
        else:
            kept.append(char)
    return "".join(kept), dropped

"""Units of another jurisdiction. A plans folder's registry belongs to one place (上海市); a
document of another province, city or district names its own departments the same short way
(市统计局, 省农业厅, 区市场监管局). Such names are never merged into the registry's units: in
a folder of another place they are written with the document's place (北海市统计局), and each
unit the registry does not know is listed with the kind its name suggests (省委部门,
省政府部门 …), for a person to register.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from qplan.importer.draft import DraftPlan
from qplan.registry import GROUP_KIND, Registry
from qplan.responsibility import is_group_phrase

# The place a document or a unit's full name starts with: 北海市, 中原省, 清河区, 上海市.
_PLACE_RE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,4}?(?:自治区|省|市|区|县))(?=[\u4e00-\u9fff\d])")
_NOT_PLACES = ("各省", "各市", "各区", "各县", "全省", "全市", "全区", "全县", "本市", "本省", "本区")
# The short prefix a document uses for its own place's bodies.
_LEVEL_PREFIX = {"省": "省", "自治区": "自治区", "市": "市", "区": "区", "县": "县"}
_LEVEL_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?)?(自治区|省|市(?!场)|区|县)")


@dataclass(slots=True)
class Jurisdiction:
    """The place of the document, where it is not the registry's own."""

    place: str
    home: str
    qualified: list[tuple[str, str]] = field(default_factory=list)  # (as written, as recorded)


def place_of(text: str | None) -> str | None:
    match = _PLACE_RE.match((text or "").strip())
    if match is None or match.group(1).startswith(_NOT_PLACES):
        return None
    return match.group(1)


def home_place(registry: Registry) -> str | None:
    """The place most of the registry's full names start with (上海市 for the bundled one)."""
    places = Counter(place for unit in registry.units.values() if (place := place_of(unit.full_name)))
    return places.most_common(1)[0][0] if places else None


def document_place(plan: DraftPlan) -> str | None:
    document = plan.document
    for text in (document.issuer.split("、")[0], document.title, plan.title):
        place = place_of(text)
        if place:
            return place
    return None


def foreign_place(plan: DraftPlan, registry: Registry | None) -> Jurisdiction | None:
    if registry is None:
        return None
    home = home_place(registry)
    place = document_place(plan)
    if home is None or place is None or place == home:
        return None
    return Jurisdiction(place, home)


def qualify_units(plan: DraftPlan, jurisdiction: Jurisdiction) -> None:
    """市统计局 in a document of 北海市 is 北海市统计局: written so, it can never be taken for
    the registry's 市统计局 of another place."""
    place = jurisdiction.place
    prefix = next(p for level, p in _LEVEL_PREFIX.items() if place.endswith(level))

    def qualified(name: str) -> str:
        if not name.startswith(prefix) or name.startswith(place) or name.startswith(("市场", "区域", "县域")):
            return name
        full = place + name[len(prefix):]
        if (name, full) not in jurisdiction.qualified:
            jurisdiction.qualified.append((name, full))
        return full

    for item in plan.items:
        item.lead = [qualified(name) for name in item.lead]
        item.support = [qualified(name) for name in item.support]
        item.acting = {qualified(body): qualified(bureau) for body, bureau in item.acting.items()}
    for section in plan.sections:
        if section.roles is not None:
            section.roles = dataclasses.replace(section.roles, lead=[qualified(n) for n in section.roles.lead],
                                                support=[qualified(n) for n in section.roles.support])


def level_of(name: str) -> str | None:
    """省, 市, 区 or 县: the level a unit's name places it at, where it says."""
    if name.startswith(("各", "全")):
        return None
    match = _LEVEL_RE.match(name)
    return match.group(1) if match else None


def infer_kind(name: str) -> str:
    """The registry kind a unit's name suggests; 待定 where it suggests none."""
    if name.startswith("各") or is_group_phrase(name):
        return GROUP_KIND
    if re.search(r"领导小组|委员会办公室|食安办|安委办|议事协调|联席会议", name):
        return "议事协调机构"
    if re.search(r"(法院|检察院)$", name):
        return "司法机关"
    if re.search(r"(总工会|妇联|科协|工商联|残联|文联|侨联|红十字会)$|^团.{0,4}委$|^共青团", name):
        return "群团组织"
    national = re.search(r"^(国务院|国家)|部$|总局$|总署$", name) is not None
    if re.search(r"海关|出入境|检验检疫|银保监|证监|人民银行|国家税务总局|邮政管理局|通信管理局|气象局|海事局", name) \
            and not re.search(r"部$|总局$|总署$", name):
        return "中央驻地单位"
    level = level_of(name)
    if level is None:
        if national or name.endswith("委员会"):
            return "国务院部门"
        return "待定"
    rest = _LEVEL_RE.sub("", name, count=1)
    if level in ("区", "县"):
        return "区级单位"
    tier = "省" if level in ("省", "自治区") else "市"
    return f"{tier}委部门" if rest.startswith("委") else f"{tier}政府部门"

"""Measure the importer on the held-back documents (tests/fixtures/heldback/), whose answers
were written down before the importer was tuned and which it is never tuned on.

For each task the answer gives number, title, lead, support, how the lead is known (stated,
declared, first-listed), where the units were read (bracket, line, table, sub-points,
section) and, where the document gives one, the deadline. `score(plan, expected)` counts,
per document: tasks found with the right number and title, units right (lead and support
exactly), lead right, reading right (how and where), deadline right, and items the importer
made up. Word documents (.docxspec) are built three ways: numbering set on the paragraphs,
through paragraph styles, and through a list style. `python -m tests.import_eval` prints
the table.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from qplan.importer import import_document
from qplan.importer.draft import DraftPlan
from tests.word_docs import from_spec

HELD_BACK = Path(__file__).resolve().parent / "fixtures" / "heldback"
BASIS = {"stated": "stated", "declared": "declared", "first-listed": "first-listed"}


@dataclass(slots=True)
class Score:
    name: str
    tasks: int = 0
    found: int = 0  # number and title right
    units: int = 0  # lead and support exactly right
    lead: int = 0
    reading: int = 0  # how the lead is known and where the units were read, both right
    deadlines: int = 0
    deadlines_right: int = 0
    extra: int = 0  # items that are no task of the document
    sections_right: bool = False
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("tasks", "found", "units", "lead", "reading", "deadlines", "deadlines_right", "extra"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def score(name: str, plan: DraftPlan, expected: dict[str, Any]) -> Score:
    result = Score(name)
    items = {item.no: item for item in plan.items}
    tasks = expected["tasks"]
    result.tasks = len(tasks)
    result.extra = sum(1 for item in plan.items if item.no not in {task[0] for task in tasks})
    result.sections_right = [s.title for s in plan.sections] == list(expected.get("sections") or [])
    for task in tasks:
        no, title, lead, support, basis, found_in = task[:6]
        item = items.get(no)
        if item is None:
            result.misses.append(f"{no}: 没有读出")
            continue
        if item.title == title:
            result.found += 1
        else:
            result.misses.append(f"{no}: 标题“{item.title}”≠“{title}”")
        if item.lead == lead:
            result.lead += 1
        if item.lead == lead and item.support == list(support):
            result.units += 1
        else:
            result.misses.append(f"{no}: 单位 {item.lead}/{item.support} ≠ {lead}/{support}")
        if item.how == BASIS[basis] and item.found_in == found_in:
            result.reading += 1
        else:
            result.misses.append(f"{no}: 读法 {item.how}/{item.found_in} ≠ {basis}/{found_in}")
        if len(task) > 6:
            result.deadlines += 1
            written = item.deadline.text if item.deadline else None
            if written == task[6]:
                result.deadlines_right += 1
            else:
                result.misses.append(f"{no}: 完成时限 {written} ≠ {task[6]}")
    return result


def documents(folder: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    """(name shown, file to import, answers) for every held-back document and Word variant."""
    answers = YAML(typ="safe").load((HELD_BACK / "expected.yaml").read_text(encoding="utf-8"))
    found = []
    for name, expected in answers.items():
        source = HELD_BACK / name
        if source.suffix != ".docxspec":
            found.append((name, source, expected))
            continue
        spec = source.read_text(encoding="utf-8")
        for how in ("paragraph", "style", "list-style"):
            target = folder / f"{source.stem}-{how}.docx"
            found.append((f"{source.stem}.docx（{how}）", from_spec(spec, target, how), expected))
    return found


def evaluate(folder: Path) -> list[Score]:
    return [score(name, import_document(path).plan, expected) for name, path, expected in documents(folder)]


def table(scores: list[Score]) -> str:
    total = Score("合计")
    for each in scores:
        total.add(each)
    width = max(len(s.name) for s in [*scores, total]) + 2
    lines = [f"{'document':<{width}} tasks  found  units  lead  reading  deadline  extra  sections"]
    for each in [*scores, total]:
        deadline = f"{each.deadlines_right}/{each.deadlines}"
        sections = ("yes" if each.sections_right else "no") if each is not total else \
            f"{sum(s.sections_right for s in scores)}/{len(scores)}"
        lines.append(f"{each.name:<{width}} {each.tasks:>5}  {each.found:>5}  {each.units:>5}  {each.lead:>4}  "
                     f"{each.reading:>7}  {deadline:>8}  {each.extra:>5}  {sections:>8}")
    for each in scores:
        lines += [f"  {each.name} {miss}" for miss in each.misses]
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        print(table(evaluate(Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where an imported plan goes: <plans>/<id>.yaml, never over a file without --force."""

from __future__ import annotations

from pathlib import Path

from qplan.importer.errors import TargetError
from qplan.workspace import PLAN_ID_RE, PLAN_SUFFIXES, REGISTRY_FILE, Workspace


def check_plan_id(plan_id: str) -> None:
    shown = plan_id if plan_id.strip() else "（空）"
    if any(plan_id.lower().endswith(suffix) for suffix in PLAN_SUFFIXES):
        stem = plan_id.rsplit(".", 1)[0]
        raise TargetError(f"计划编号“{plan_id}”不要带后缀：请写 --id {stem}，文件名会是 {stem}.yaml。")
    if f"{plan_id}.yaml" == REGISTRY_FILE:
        raise TargetError("计划编号不能是 units：units.yaml 是单位登记表。请换一个编号，如 2026。")
    if not PLAN_ID_RE.match(plan_id) or ".." in plan_id:
        raise TargetError(
            f"计划编号“{shown}”不能用作文件名。编号只能由字母、数字、汉字和 - _ . 组成，"
            "不能以 . 或 - 开头，也不能含 / 等路径符号。例如：2026、2024-chains。"
        )


def target_path(workspace: Workspace, plan_id: str, *, force: bool) -> Path:
    existing = workspace.plan_files().get(plan_id)
    if existing is not None and not force:
        raise TargetError(
            f"计划文件 {existing} 已存在，未作改动。如要用导入结果覆盖它，请加 --force；"
            "或换一个 --id；或先用 --dry-run 查看导入结果。"
        )
    return existing or workspace.root / f"{plan_id}.yaml"

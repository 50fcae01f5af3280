"""`qplan graph`: the network of units and items — load, bridges, pairs, clusters, pictures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from qplan.clickzh import Command
from qplan.errors import QplanError
from qplan.options import dept_option, format_option, plans_option

# Suffix -> output format. Tables and JSON are for reading and scripts; the rest draw or
# export the graph itself.
GRAPH_SUFFIXES = {
    ".txt": "table", ".json": "json", ".svg": "svg", ".html": "html", ".htm": "html",
    ".graphml": "graphml", ".gexf": "gexf", ".dot": "dot", ".gv": "dot",
}
GRAPH_FORMATS = ("svg", "html", "graphml", "gexf", "dot")


def graph_format(fmt: str | None, output: Path | None) -> str:
    if output is None:
        return fmt or "table"
    suffix = output.suffix.lower()
    from_suffix = GRAPH_SUFFIXES.get(suffix)
    if from_suffix is None:
        usable = " ".join(GRAPH_SUFFIXES)
        raise click.UsageError(
            f"无法从后缀“{suffix or '（无）'}”判断输出格式。qplan graph 可用后缀：{usable}"
            "（.svg/.html 为关系图，.graphml/.gexf 供 Gephi、yEd，.dot 供 Graphviz）。")
    if fmt is not None and fmt != from_suffix:
        raise click.UsageError(f"--format {fmt} 与输出文件后缀“{suffix}”不一致。请去掉 --format 或改后缀。")
    return from_suffix


def _not_negative(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < 0:
        raise click.BadParameter(f"“{value}”不可为负数；给 0 列出全部。")
    return value


@click.command("graph", cls=Command)
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@dept_option("只看这个单位的合作网：与哪些单位、在哪些条目上、以什么角色合作（可用任何写法，如 市卫健委）。")
@click.option("--compare", is_flag=True,
              help="比较两个计划中各单位的负荷和单位间的合作增减，如 qplan graph 2022 2025 --compare。")
@click.option("--no-groups", "no_groups", is_flag=True,
              help="完全略去单位群组（如“市质量工作领导小组成员单位”“各区质量工作领导小组”）。")
@click.option("--top", type=int, default=10, metavar="N", callback=_not_negative,
              help="列出的单位对数（默认 10；0 为全部）。")
@click.option("--projection", is_flag=True,
              help="导出 .graphml/.gexf/.dot 时只导出单位关系网（两单位按共同条目数相连），不含条目节点。")
@format_option(("table", "json"))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="FILE",
              help="写入文件，格式由后缀决定：.txt .json；.svg .html（关系图，浏览器直接打开）；"
                   ".graphml .gexf（Gephi、yEd）；.dot（Graphviz）。")
@plans_option
@click.pass_context
def graph(ctx: click.Context, plan_ids: tuple[str, ...], dept: str | None, compare: bool,
          no_groups: bool, top: int, projection: bool, fmt: str | None, output: Path | None,
          plans_dir: Path) -> None:
    """单位与条目组成的关系网：谁承担得多，谁与谁合作最多，谁是桥梁，哪些单位自成一群。

    \b
    不给 PLAN 时用全部计划。

    \b
    例：
      qplan graph 2025                    负荷、介数、合作最多的单位对、合作群
      qplan graph 2025 --dept 市经济信息化委
                                          这个单位与谁、在哪些条目上合作
      qplan graph 2025 -o 关系图.html     浏览器直接打开的关系图
      qplan graph 2025 -o 关系网.graphml  供 Gephi、yEd 使用
      qplan graph 2022 2025 --compare     两年间负荷和合作的增减
    """
    from qplan.commands.common import load_plans, open_workspace, read_unit

    fmt = graph_format(fmt, output)
    if compare and dept:
        raise click.UsageError("--compare 不能与 --dept 同用。")
    if compare and fmt in ("graphml", "gexf", "dot"):
        raise click.UsageError("--compare 的结果可输出为表格（.txt）、JSON（.json）或关系图（.svg .html）。")
    if compare and len(plan_ids) != 2:
        raise click.UsageError("--compare 需要正好两个计划，如 qplan graph 2022 2025 --compare。")
    if projection and fmt not in ("graphml", "gexf", "dot"):
        raise click.UsageError("--projection 只用于导出 .graphml、.gexf 或 .dot 文件。")
    workspace = open_workspace(plans_dir)
    canonical = read_unit(workspace.registry, dept) if dept else None
    plans, had_errors = load_plans(workspace, plan_ids)
    if compare:
        _compare(plans, workspace, no_groups, top, fmt, output)
    elif not plans:
        raise QplanError("没有可用的计划，无法构建关系网。")
    elif canonical is not None:
        _neighbourhood(plans, workspace, canonical, no_groups, fmt, output)
    else:
        _overview(plans, workspace, no_groups, top, projection, fmt, output)
    if had_errors:
        ctx.exit(1)


def _overview(plans: list[Any], workspace: Any, no_groups: bool, top: int, projection: bool,
              fmt: str, output: Path | None) -> None:
    from qplan.commands.common import busy
    from qplan.graph.analysis import overview
    from qplan.graph.build import build_graph
    from qplan.views.graph import overview_report

    with busy("正在分析单位关系网"):
        network = build_graph(plans, workspace.registry, groups=not no_groups)
        view = overview(network, top=top)
    if fmt in GRAPH_FORMATS:
        _write_graph(Picture(network, view, _title(plans), workspace.registry), fmt, output, projection,
                     lambda shown: overview_report(view, shown=shown))
        return
    from qplan.commands.common import emit_report

    emit_report(overview_report(view), fmt, output)


def _neighbourhood(plans: list[Any], workspace: Any, unit: str, no_groups: bool, fmt: str,
                   output: Path | None) -> None:
    from qplan.graph.analysis import neighbourhood, overview
    from qplan.graph.build import build_graph, ego_graph
    from qplan.views.graph import neighbourhood_report

    network = build_graph(plans, workspace.registry, groups=not no_groups)
    ids = "、".join(sorted(plan.id for plan in plans))
    if unit not in network:
        if no_groups and workspace.registry.is_group(unit):
            raise click.UsageError(f"“{unit}”是单位群组，已被 --no-groups 略去。去掉 --no-groups 再试。")
        raise QplanError(f"单位“{unit}”在计划 {ids} 中没有牵头或配合的条目，无从列出合作网。"
                         "可用 `qplan units` 查看各单位的条目。")
    near = neighbourhood(network, unit)
    if fmt in GRAPH_FORMATS:
        # The picture shows the unit's own corner of the network, scored as in the whole; the
        # page's tables are about the unit alone.
        picture = Picture(ego_graph(network, unit), overview(network), f"{unit}的合作网 · {_title(plans)}",
                          workspace.registry)
        _write_graph(picture, fmt, output, False,
                     lambda shown: neighbourhood_report(near, list(network.graph["plans"])))
        return
    from qplan.commands.common import emit_report

    emit_report(neighbourhood_report(near, list(network.graph["plans"])), fmt, output)


def _compare(plans: list[Any], workspace: Any, no_groups: bool, top: int, fmt: str,
             output: Path | None) -> None:
    from qplan.graph.analysis import compare, overview
    from qplan.graph.build import build_graph
    from qplan.model import oldest_first
    from qplan.views.graph import compare_report

    if len(plans) != 2:
        raise QplanError("有计划文件无法读取，无法比较（见上）。请先修正该文件。")
    old, new = oldest_first(plans)
    graphs = [build_graph([plan], workspace.registry, groups=not no_groups) for plan in (old, new)]
    comparison = compare(*graphs)
    if fmt in GRAPH_FORMATS:
        # Both plans in one picture, each item in its plan's colour, each unit with its change.
        both = build_graph([old, new], workspace.registry, groups=not no_groups)
        picture = Picture(both, overview(both, top=top), f"{old.id} → {new.id} 比较", workspace.registry,
                          comparison)
        _write_graph(picture, fmt, output, False, lambda shown: compare_report(comparison, top))
        return
    from qplan.commands.common import emit_report

    emit_report(compare_report(comparison, top), fmt, output)


def _title(plans: list[Any]) -> str:
    from qplan.model import oldest_first

    ordered = oldest_first(plans)
    if len(ordered) == 1:
        return ordered[0].title
    return "计划 " + "、".join(plan.id for plan in ordered)


@dataclass
class Picture:
    """What a picture is drawn from."""

    network: Any
    view: Any
    title: str
    registry: Any
    comparison: Any = None


class DrawingProgress:
    """How far the layout of a picture is, on stderr once it has taken a second: a line that
    updates itself on a terminal, a few plain lines elsewhere (a log, a pipe)."""

    def __init__(self, label: str) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self.shown = -1
        self.terminal = sys.stderr.isatty()

    def __call__(self, fraction: float) -> None:
        import time

        if time.monotonic() - self.started < 1.0:
            return
        percent = int(fraction * 100)
        if self.terminal:
            sys.stderr.write(f"\r{self.label}… {percent}%")
            sys.stderr.flush()
            self.shown = percent
        elif percent // 25 > self.shown // 25:
            sys.stderr.write(f"{self.label}… {percent}%\n")
            sys.stderr.flush()
            self.shown = percent

    def done(self) -> None:
        if self.terminal and self.shown >= 0:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def search_names(drawing: Any, registry: Any) -> dict[str, str]:
    """Every way a reader may look a node up: each spelling the registry knows for a unit, an
    item's key, its number in its plan, its title."""
    names: dict[str, str] = {}
    for node in drawing.nodes:
        spellings = [node.key, *node.aliases]
        if node.kind != "item":
            spellings += registry.spellings_of(node.key)
        for spelling in spellings:
            names.setdefault(_folded(spelling), node.key)
    return names


def search_short_forms(drawing: Any, registry: Any) -> dict[str, list[str]]:
    """The registry's short forms (市场监管局) that may mean a unit of the picture, with every
    unit each may mean, drawn or not: a form that is ambiguous on the command line is
    ambiguous on the page too."""
    drawn = {node.key for node in drawing.nodes if node.kind != "item"}
    return {_folded(short): owners for short, owners in registry.short_forms.items() if drawn & set(owners)}


def _folded(spelling: str) -> str:
    # The page looks a name up as typed, folded the same way (NFKC, no spaces).
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", spelling).split())


def _write_graph(picture: Picture, fmt: str, output: Path | None, projection: bool,
                 report_for: Callable[[set[str]], Any]) -> None:
    from qplan.commands.common import emit, warn, warn_escaped

    if output is None:
        raise click.UsageError(f"{fmt} 格式需要用 -o 指定输出文件。")
    from qplan.graph import picture as pictures

    drawing = None
    if fmt in ("svg", "html", "gexf", "dot") and not projection:
        progress = DrawingProgress(f"正在绘制关系图（{picture.network.number_of_nodes()} 个节点）")
        try:
            drawing = pictures.draw(picture.network, picture.view, picture.title, comparison=picture.comparison,
                                    progress=progress)
        except pictures.PictureTooLarge:
            if fmt in ("svg", "html"):
                raise
            # A graph tool lays a large network out itself: the file goes without qplan's layout.
            warn("注意：关系网太大，导出的文件不带 qplan 的布局和颜色，请在 Gephi、Graphviz 中布局。")
        finally:
            progress.done()
    escaped = _escaped_texts(picture.network)
    if fmt in ("svg", "html"):
        assert drawing is not None
        text = pictures.svg(drawing)
        if fmt == "html":
            from qplan.graph.page import page_fragment
            from qplan.render.formats import Collector, to_html

            # The picture, then the figures behind what it shows.
            report = report_for({node.key for node in drawing.nodes})
            report.title = drawing.title
            clean = Collector()
            text = to_html(report, clean, before=page_fragment(
                drawing, search_names(drawing, picture.registry), search_short_forms(drawing, picture.registry)))
            escaped += clean.escaped
    else:
        from qplan.graph import export

        text = export.export_text(picture.network, picture.view, fmt, projection=projection, drawing=drawing)
    emit(text, output, fmt)
    warn_escaped(sorted(set(escaped)))


def _escaped_texts(network: Any) -> list[str]:
    """The texts of the network (titles, names) that a graph file holds written out, because
    they hold control characters, so that the user hears of them as with any table."""
    from qplan.safetext import visible

    texts = [str(node) for node in network] + [str(data.get("title", "")) for _, data in network.nodes(data=True)]
    return [shown for shown, count in map(visible, texts) if count]


def register(cli: click.Group) -> None:
    cli.add_command(graph)

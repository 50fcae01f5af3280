"""The picture as the heart of an HTML page people can explore, offline, in one file: zoom
and pan (wheel, drag, buttons, keys), find a unit by any spelling or an item by number or
title, click a unit to light up its items and partners (or an item, its units), a tooltip
wherever the pointer is over a node, its name or a line, and a legend whose entries show or
hide their part. It prints as the whole picture.

The script is written here, plainly, rather than a library inlined: what it does is small,
and a library would be most of the file. It loads nothing from anywhere.
"""

from __future__ import annotations

import html
import json

from qplan.graph.drawing import Drawing
from qplan.graph.svg import render_svg, sample_svg
from qplan.names import is_invisible

STYLE = """
.qgraph { margin: 8px 0 20px; }
.qg-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 6px; }
.qg-bar input { font: inherit; padding: 3px 6px; width: 19em; }
.qg-bar button, .qg-toggle { font: inherit; padding: 2px 10px; cursor: pointer; border: 1px solid #9aa5b1;
  background: #f7f8fa; border-radius: 4px; }
.qg-status { color: #3e4c59; margin-left: 8px; }
.qg-legend { display: flex; flex-wrap: wrap; gap: 4px 8px; margin: 4px 0 8px; font-size: 14px; }
.qg-toggle { display: inline-flex; align-items: center; gap: 4px; background: #ffffff; }
.qg-toggle[aria-pressed="false"] { opacity: 0.4; text-decoration: line-through; }
.qg-mark { display: inline-flex; align-items: center; padding: 2px 6px; color: #3e4c59; }
.qg-view { height: 72vh; min-height: 320px; border: 1px solid #cbd2d9; overflow: hidden; resize: vertical;
  touch-action: none; cursor: grab; background: #ffffff; }
.qg-view.dragging { cursor: grabbing; }
.qg-view svg { display: block; width: 100%; height: 100%; max-width: none; }
.qg-tip { position: fixed; z-index: 10; max-width: 28em; padding: 6px 8px; background: #1f2933; color: #ffffff;
  font-size: 13px; line-height: 1.5; border-radius: 4px; white-space: pre-line; pointer-events: none; }
.qgraph svg.lit .node:not(.hl):not(.near), .qgraph svg.lit .edge:not(.hl) { opacity: 0.12; }
.qgraph .node.hl circle, .qgraph .node.hl rect, .qgraph .node.hl polygon { stroke: #111111; stroke-width: 3; }
.qgraph .edge.hl { stroke-opacity: 1; }
.qgraph .node { cursor: pointer; }
@media print {
  .qg-bar, .qg-tip, .qg-toggle[aria-pressed="false"] { display: none; }
  .qg-view { height: auto; border: none; overflow: visible; resize: none; }
  .qg-view svg { height: auto; }
}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var root = document.getElementById("qgraph");
  var view = document.getElementById("qg-view");
  var svg = view.querySelector("svg");
  var tip = document.getElementById("qg-tip");
  var input = document.getElementById("qg-search");
  var status = document.getElementById("qg-status");
  var data = JSON.parse(document.getElementById("qg-data").textContent);
  var base = svg.viewBox.baseVal;
  var full = {x: base.x, y: base.y, w: base.width, h: base.height};
  var box = {x: full.x, y: full.y, w: full.w, h: full.h};
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

  var nodes = {}, adjacent = {}, edgesOf = {};
  Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
    nodes[g.getAttribute("data-key")] = g;
  });
  Array.prototype.forEach.call(svg.querySelectorAll("line.edge"), function (line) {
    var u = line.getAttribute("data-unit"), i = line.getAttribute("data-item");
    (adjacent[u] = adjacent[u] || []).push(i);
    (adjacent[i] = adjacent[i] || []).push(u);
    (edgesOf[u] = edgesOf[u] || []).push(line);
    (edgesOf[i] = edgesOf[i] || []).push(line);
  });
  // Tooltips come from the elements' <title>s, shown by the page's own tip (a browser shows a
  // <title> late, and only over the element that holds it).
  Array.prototype.forEach.call(svg.querySelectorAll("g.node, line.edge"), function (el) {
    var title = el.querySelector("title");
    if (title) { el.setAttribute("data-tip", title.textContent); title.parentNode.removeChild(title); }
  });

  function apply() {
    svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h);
    root.setAttribute("data-zoom", (full.w / box.w).toFixed(3));
  }
  function toSvg(clientX, clientY) {
    var p = svg.createSVGPoint();
    p.x = clientX; p.y = clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(factor, cx, cy) {
    var w = Math.min(full.w * 2, Math.max(full.w / 60, box.w / factor));
    var h = box.h * w / box.w;
    box.x = cx - (cx - box.x) * w / box.w;
    box.y = cy - (cy - box.y) * h / box.h;
    box.w = w; box.h = h;
    apply();
  }
  function zoomCentre(factor) { zoomAt(factor, box.x + box.w / 2, box.y + box.h / 2); }
  function fit() { box = {x: full.x, y: full.y, w: full.w, h: full.h}; apply(); }
  function show(keys) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    keys.forEach(function (key) {
      var b = nodes[key].getBBox();
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
    });
    var pad = 40, w = Math.max(x1 - x0 + 2 * pad, full.w / 8), h = Math.max(y1 - y0 + 2 * pad, full.h / 8);
    var ratio = view.clientWidth / Math.max(1, view.clientHeight);
    if (w / h < ratio) { w = h * ratio; } else { h = w / ratio; }
    box = {x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w: w, h: h};
    apply();
  }

  function clear() {
    svg.classList.remove("lit");
    Array.prototype.forEach.call(svg.querySelectorAll(".hl, .near"), function (el) {
      el.classList.remove("hl"); el.classList.remove("near");
    });
    root.removeAttribute("data-lit");
    status.textContent = "";
  }
  function highlight(key) {
    clear();
    var node = nodes[key];
    if (!node) { return []; }
    var lit = [key];
    svg.classList.add("lit");
    node.classList.add("hl");
    (edgesOf[key] || []).forEach(function (line) { line.classList.add("hl"); });
    var near = adjacent[key] || [];
    near.forEach(function (other) { nodes[other].classList.add("near"); lit.push(other); });
    var partners = {};
    if (!node.classList.contains("item")) {
      near.forEach(function (item) {
        (adjacent[item] || []).forEach(function (unit) { if (unit !== key) { partners[unit] = true; } });
      });
      Object.keys(partners).forEach(function (unit) { nodes[unit].classList.add("near"); lit.push(unit); });
      status.textContent = key + "：" + near.length + " 个条目，" + Object.keys(partners).length + " 个合作单位";
    } else {
      status.textContent = key + "：" + near.length + " 个单位";
    }
    root.setAttribute("data-lit", key);
    return lit;
  }
  function normal(text) { return (text || "").normalize("NFKC").replace(/\s+/g, ""); }
  function prefixed(q) {
    var candidates = [q];
    ["上海市", "上海", "市"].forEach(function (prefix) {
      if (q.indexOf(prefix) === 0) { candidates.push(q.slice(prefix.length)); }
    });
    var bare = candidates[candidates.length - 1];
    candidates.push("市" + bare, "上海市" + bare, "上海" + bare);
    for (var i = 0; i < candidates.length; i++) {
      if (data.names[candidates[i]]) { return data.names[candidates[i]]; }
    }
    return null;
  }
  function find(text) {
    var q = normal(text);
    if (!q) { clear(); return null; }
    var key = data.names[q];
    // A short form (市场监管局) reads as the command line reads it: the one unit it is short
    // for, said so; where it could mean several, the page names them and picks none.
    var owners = key ? null : (data.short || {})[q];
    if (owners && owners.length > 1) {
      clear();
      status.textContent = "“" + text.trim() + "”可以指不止一个单位：" + owners.join("、") + "。请写出其中一个的名称";
      return null;
    }
    if (owners) {
      key = owners[0];
      var lit = highlight(key); show(lit);
      status.textContent = "“" + text.trim() + "”按“" + key + "”查找。" + status.textContent;
      return key;
    }
    // With or without the 上海 / 上海市 / 市 prefix, as the command line reads it
    // (Registry.lenient_resolve): 上海卫健委 is 市卫健委.
    var lenient = key ? null : prefixed(q);
    if (lenient) {
      var near = highlight(lenient); show(near);
      status.textContent = "“" + text.trim() + "”按“" + lenient + "”查找。" + status.textContent;
      return lenient;
    }
    if (!key) {
      var found = Object.keys(data.names).filter(function (name) { return name.indexOf(q) >= 0; })
        .map(function (name) { return data.names[name]; })
        .filter(function (k, i, all) { return all.indexOf(k) === i; });
      if (found.length === 0) { clear(); status.textContent = "没有找到“" + text.trim() + "”"; return null; }
      key = found[0];
      if (found.length > 1) {
        var lit = highlight(key); show(lit);
        status.textContent = "找到 " + found.length + " 个：" + found.slice(0, 8).join("、")
          + (found.length > 8 ? "等" : "") + "；已显示 " + key;
        return key;
      }
    }
    show(highlight(key));
    return key;
  }

  view.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toSvg(e.clientX, e.clientY);
    zoomAt(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
  }, {passive: false});
  var drag = null;
  view.addEventListener("pointerdown", function (e) {
    drag = {x: e.clientX, y: e.clientY, box: {x: box.x, y: box.y, w: box.w, h: box.h}, moved: false,
            scale: 1 / svg.getScreenCTM().a};
  });
  view.addEventListener("pointermove", function (e) {
    if (drag && (e.buttons & 1)) {
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; view.classList.add("dragging"); }
      if (drag.moved) {
        box.x = drag.box.x - dx * drag.scale; box.y = drag.box.y - dy * drag.scale; apply();
        tip.hidden = true;
        return;
      }
    }
    var target = e.target.closest ? e.target.closest("[data-tip]") : null;
    if (target && view.contains(target)) {
      tip.textContent = target.getAttribute("data-tip");
      tip.hidden = false;
      tip.style.left = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + "px";
      tip.style.top = Math.min(e.clientY + 14, window.innerHeight - tip.offsetHeight - 8) + "px";
      root.setAttribute("data-tip-for", target.getAttribute("data-key") || target.getAttribute("data-unit") || "");
    } else {
      tip.hidden = true;
      root.removeAttribute("data-tip-for");
    }
  });
  view.addEventListener("pointerleave", function () { tip.hidden = true; });
  view.addEventListener("pointerup", function (e) {
    var wasDrag = drag && drag.moved;
    drag = null;
    view.classList.remove("dragging");
    if (wasDrag) { return; }
    var node = e.target.closest ? e.target.closest("g.node") : null;
    if (node) { highlight(node.getAttribute("data-key")); } else { clear(); }
  });
  view.addEventListener("keydown", function (e) {
    var step = box.w / 10;
    if (e.key === "+" || e.key === "=") { zoomCentre(1.25); }
    else if (e.key === "-") { zoomCentre(0.8); }
    else if (e.key === "0") { fit(); }
    else if (e.key === "ArrowLeft") { box.x -= step; apply(); }
    else if (e.key === "ArrowRight") { box.x += step; apply(); }
    else if (e.key === "ArrowUp") { box.y -= step; apply(); }
    else if (e.key === "ArrowDown") { box.y += step; apply(); }
    else if (e.key === "Escape") { clear(); }
    else { return; }
    e.preventDefault();
  });
  root.querySelector(".qg-bar").addEventListener("click", function (e) {
    var act = e.target.getAttribute && e.target.getAttribute("data-act");
    if (act === "in") { zoomCentre(1.5); }
    else if (act === "out") { zoomCentre(1 / 1.5); }
    else if (act === "fit") { fit(); }
    else if (act === "clear") { clear(); input.value = ""; }
    else if (act === "find") { find(input.value); }
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); find(input.value); } });
  input.addEventListener("change", function () { find(input.value); });

  var hidden = {};
  function refresh() {
    var off = {};
    Object.keys(nodes).forEach(function (key) {
      var g = nodes[key], category = g.getAttribute("data-category") || "";
      var out = (g.classList.contains("unit") && hidden["kind:" + category])
        || (g.classList.contains("group") && hidden["group"])
        || (g.classList.contains("item") && hidden["plan:" + category]);
      g.style.display = out ? "none" : "";
      if (out) { off[key] = true; }
    });
    Array.prototype.forEach.call(svg.querySelectorAll("line.edge"), function (line) {
      var out = off[line.getAttribute("data-unit")] || off[line.getAttribute("data-item")]
        || hidden["role:" + line.getAttribute("data-role")] || (hidden["wide"] && line.getAttribute("data-wide"));
      line.style.display = out ? "none" : "";
    });
  }
  Array.prototype.forEach.call(root.querySelectorAll(".qg-toggle"), function (button) {
    button.addEventListener("click", function () {
      var what = button.getAttribute("data-toggle");
      hidden[what] = !hidden[what];
      button.setAttribute("aria-pressed", hidden[what] ? "false" : "true");
      refresh();
    });
  });
  window.addEventListener("beforeprint", fit);
  apply();
  window.qplanGraph = {find: find, highlight: highlight, clear: clear, fit: fit, zoom: zoomCentre,
                       box: function () { return {x: box.x, y: box.y, w: box.w, h: box.h}; }};
}());
"""


def _json(data: object) -> str:
    # Inside <script>, "</" would end the element: written as "<\/", which JSON reads the same.
    # Invisible and bidirectional characters (U+202E in a pasted title) are written as \u
    # escapes too: the same value, never carried raw into the file.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return text if text.isprintable() else "".join(f"\\u{ord(c):04x}" if is_invisible(c) and ord(c) < 0x10000 else c
                                                   for c in text)


def legend_html(drawing: Drawing) -> str:
    parts = []
    for entry in drawing.legend:
        sample = sample_svg(entry.sample, 1, 9)
        picture = f'<svg width="30" height="18" aria-hidden="true">{sample}</svg>' if sample else ""
        text = html.escape(entry.text)
        if entry.toggle:
            parts.append(f'<button type="button" class="qg-toggle" data-toggle="{html.escape(entry.toggle)}" '
                         f'aria-pressed="true" title="显示或隐藏">{picture}{text}</button>')
        else:
            parts.append(f'<span class="qg-mark">{picture}{text}</span>')
    return '<div class="qg-legend">' + "".join(parts) + "</div>"


def page_fragment(drawing: Drawing, names: dict[str, str], short: dict[str, list[str]] | None = None) -> str:
    """The explorable picture, for an HTML page; `names` maps every spelling of a unit, and each
    item's number and title, to the key of its node; `short`, a short form of a unit's name
    to the units it could mean (Registry.short_forms)."""
    options = "".join(f'<option value="{html.escape(key)}"></option>' for key in sorted(set(names.values())))
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in drawing.notes)
    return (
        f'<div class="qgraph" id="qgraph">{notes}\n'
        '<div class="qg-bar" role="toolbar">'
        '<input id="qg-search" type="search" list="qg-names" placeholder="查找单位（任何写法）或条目" '
        'autocomplete="off">'
        '<button type="button" data-act="find">查找</button>'
        '<button type="button" data-act="in" title="放大（+）">放大</button>'
        '<button type="button" data-act="out" title="缩小（-）">缩小</button>'
        '<button type="button" data-act="fit" title="显示全图（0）">全图</button>'
        '<button type="button" data-act="clear" title="取消高亮（Esc）">取消高亮</button>'
        '<span id="qg-status" class="qg-status" role="status"></span></div>\n'
        f"{legend_html(drawing)}\n"
        '<p class="note">滚轮缩放，拖动平移；点击单位显示它的条目和合作单位，点击条目显示它的单位；'
        "点击图例中的一项可隐藏或显示它。</p>\n"
        f'<div class="qg-view" id="qg-view" tabindex="0">{render_svg(drawing, standalone=False)}</div>\n'
        '<div class="qg-tip" id="qg-tip" hidden></div>\n'
        f'<datalist id="qg-names">{options}</datalist>\n'
        f'<script type="application/json" id="qg-data">{_json({"names": names, "short": short or {}})}</script>\n'
        f"<script>{SCRIPT}</script>\n<style>{STYLE}</style>\n</div>"
    )

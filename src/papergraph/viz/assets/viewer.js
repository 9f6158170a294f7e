/* papergraph viewer. Reads the embedded JSON, draws it with vis-network and
 * builds every panel with textContent: no data ever goes through innerHTML. */
(function () {
  "use strict";

  const timings = { start: performance.now() };
  const data = JSON.parse(document.getElementById("pg-data").textContent);
  timings.parsed = performance.now();
  const PLURAL = { Paper: "papers", Method: "methods", Dataset: "datasets", Task: "tasks", Metric: "metrics", Result: "results" };
  const REL_TITLES = [
    ["proposes", "Proposed in"], ["uses", "Used in"], ["addresses", "Addressed in"],
    ["mentions", "Mentioned in"],
  ];
  const PAPER_LABEL_CHARS = 48;
  const style = {};
  const visible = {};
  for (const k of data.kinds) { style[k.kind] = k; visible[k.kind] = k.on; }

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  timings.network = performance.now();
  let extraEdges = 0;

  // ---- building DOM nodes (textContent only) ----
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, ...children) {
    for (const c of children) if (c) parent.appendChild(c);
    return parent;
  }
  function safeHref(url) {
    try {
      const u = new URL(url);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (err) {
      return null;
    }
  }
  function anchor(url, text) {
    const href = safeHref(url);
    if (!href) return el("span", null, text || url);
    const a = el("a", null, text || url);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function shorten(s, n) {
    s = String(s).replace(/\s+/g, " ").trim();
    return s.length > n ? s.slice(0, n - 1).trimEnd() + "\u2026" : s;
  }

  // ---- what a node id is ----
  function kindOf(id) {
    const n = nodes.get(id);
    if (n) return n.kind;
    if (data.papers[id]) return "Paper";
    if (data.entities[id]) return data.entities[id].k;
    if (data.results[id]) return "Result";
    return null;
  }
  function labelOf(id) {
    if (data.papers[id]) return data.papers[id].t;
    if (data.entities[id]) return data.entities[id].l;
    const n = nodes.get(id);
    return n ? n.label : id;
  }

  // ---- indexes for panels, built on first use ----
  let index = null;
  function getIndex() {
    if (index) return index;
    const papersOf = new Map();
    const resultsOf = new Map();
    for (const [p, rec] of Object.entries(data.papers)) {
      for (const [e, rel] of rec.links) {
        if (!papersOf.has(e)) papersOf.set(e, new Map());
        const byRel = papersOf.get(e);
        if (!byRel.has(rel)) byRel.set(rel, []);
        byRel.get(rel).push(p);
      }
    }
    for (const [r, rec] of Object.entries(data.results)) {
      for (const [rel, e] of Object.entries(rec.e)) {
        if (!resultsOf.has(e)) resultsOf.set(e, []);
        resultsOf.get(e).push([rel, r]);
      }
    }
    index = { papersOf: papersOf, resultsOf: resultsOf };
    return index;
  }

  // ---- drawing more on demand ----
  // Everything is added in one DataSet call: vis-network redraws per call.
  function drawMany(ids) {
    const newNodes = [];
    const placed = new Map();
    const posOf = (n) => placed.get(n) || (nodes.get(n) ? network.getPosition(n) : null);
    const isDrawn = (n) => placed.has(n) || Boolean(nodes.get(n));
    const wanted = ids.filter((id) => !nodes.get(id) && kindOf(id) && kindOf(id) !== "Result");
    for (const id of wanted) {
      if (placed.has(id)) continue;
      const kind = kindOf(id);
      const st = style[kind];
      let near = [];
      let label = labelOf(id);
      if (kind === "Paper") {
        near = data.papers[id].links.map((l) => l[0]);
        label = shorten(label, PAPER_LABEL_CHARS);
      } else {
        for (const ps of (getIndex().papersOf.get(id) || new Map()).values()) near.push(...ps);
      }
      const pts = near.map(posOf).filter(Boolean);
      const turn = (nodes.length + placed.size) % 24;
      let xy = { x: 60 * turn, y: -80 };
      if (pts.length) {
        const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
        const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
        const r = 45 + 4 * turn;
        xy = { x: cx + r * Math.cos(turn * 2.4), y: cy + r * Math.sin(turn * 2.4) };
      }
      placed.set(id, xy);
      newNodes.push({ id: id, label: label, shape: st.shape, color: st.color, value: 1, x: xy.x, y: xy.y, kind: kind, hidden: !visible[kind] });
    }
    if (!newNodes.length) return;
    const seen = new Set(edges.map((e) => e.from + "\u0000" + e.to));
    const newEdges = [];
    const link = (from, to, rel) => {
      const key = from + "\u0000" + to;
      if (seen.has(key) || !isDrawn(from) || !isDrawn(to)) return;
      seen.add(key);
      extraEdges += 1;
      const hidden = !visible[kindOf(from)] || !visible[kindOf(to)];
      newEdges.push({ id: "x" + extraEdges, from: from, to: to, rel: rel, arrows: "to", hidden: hidden });
    };
    for (const n of newNodes) {
      if (n.kind === "Paper") {
        for (const [e, rel] of data.papers[n.id].links) link(n.id, e, rel);
      } else {
        for (const [rel, ps] of (getIndex().papersOf.get(n.id) || new Map())) for (const p of ps) link(p, n.id, rel);
      }
    }
    nodes.add(newNodes);
    edges.add(newEdges);
    updateCounts();
  }
  function ensureDrawn(id) {
    drawMany([id]);
    return Boolean(nodes.get(id));
  }

  // ---- filters and legend ----
  const counters = {};
  function setKind(kind, on) {
    visible[kind] = on;
    const boxes = document.querySelectorAll("#legend input[data-kind]");
    for (const b of boxes) if (b.dataset.kind === kind) b.checked = on;
    nodes.update(nodes.getIds({ filter: (n) => n.kind === kind }).map((id) => ({ id: id, hidden: !on })));
    const changes = [];
    edges.forEach((e) => {
      const hidden = !visible[kindOf(e.from)] || !visible[kindOf(e.to)];
      if (Boolean(e.hidden) !== hidden) changes.push({ id: e.id, hidden: hidden });
    });
    edges.update(changes);
  }
  function shapeIcon(shape, color) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    const pts = {
      square: "2,2 14,2 14,14 2,14",
      diamond: "8,1 15,8 8,15 1,8",
      triangle: "8,1 15,14 1,14",
      star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6",
      hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
    }[shape];
    let s;
    if (pts) {
      s = document.createElementNS(ns, "polygon");
      s.setAttribute("points", pts);
    } else {
      s = document.createElementNS(ns, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6");
    }
    s.setAttribute("fill", color);
    svg.appendChild(s);
    return svg;
  }
  function buildLegend() {
    const legend = document.getElementById("legend");
    for (const k of data.kinds) {
      const label = el("label", "k-" + k.kind);
      const box = el("input");
      box.type = "checkbox";
      box.checked = k.on;
      box.dataset.kind = k.kind;
      box.addEventListener("change", () => setKind(k.kind, box.checked));
      counters[k.kind] = el("span", "count");
      add(label, box, shapeIcon(k.shape, k.color), el("span", null, k.kind), counters[k.kind]);
      legend.appendChild(label);
    }
    updateCounts();
  }
  function updateCounts() {
    const n = {};
    nodes.forEach((node) => { n[node.kind] = (n[node.kind] || 0) + 1; });
    for (const k of data.kinds) if (counters[k.kind]) counters[k.kind].textContent = String(n[k.kind] || 0);
  }

  // ---- search ----
  const names = new Map();  // lower-case name -> ids
  const display = new Map(); // lower-case name -> name as first seen
  function addName(name, id) {
    if (!name) return;
    const key = String(name).toLowerCase();
    if (!names.has(key)) { names.set(key, []); display.set(key, String(name)); }
    const ids = names.get(key);
    if (!ids.includes(id)) ids.push(id);
  }
  function buildSearch() {
    for (const [id, rec] of Object.entries(data.entities)) {
      addName(rec.l, id);
      for (const a of rec.al) addName(a, id);
    }
    for (const [id, rec] of Object.entries(data.papers)) addName(rec.t, id);
    const list = document.getElementById("names");
    const frag = document.createDocumentFragment();
    for (const key of Array.from(display.keys()).sort()) {
      const opt = el("option");
      opt.value = display.get(key);
      frag.appendChild(opt);
    }
    list.appendChild(frag);
  }
  function rankIds(ids) {
    const score = (id) => (nodes.get(id) ? 1e9 : 0) + ((data.entities[id] || {}).np || 0);
    return ids.slice().sort((a, b) => score(b) - score(a) || (a < b ? -1 : 1));
  }
  function resolve(query, fuzzy) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    if (names.has(q)) return rankIds(names.get(q))[0];
    if (!fuzzy) return null;
    let best = null;
    for (const pass of [(k) => k.startsWith(q), (k) => k.includes(q)]) {
      const hits = [];
      for (const [key, ids] of names) if (pass(key)) hits.push(...ids);
      if (hits.length) { best = rankIds(hits)[0]; break; }
    }
    return best;
  }
  function runSearch(fuzzy) {
    const input = document.getElementById("search");
    const status = document.getElementById("search-status");
    const id = resolve(input.value, fuzzy);
    if (!id) {
      if (fuzzy) status.textContent = input.value.trim() ? "No match for \u201c" + input.value.trim() + "\u201d" : "";
      return;
    }
    status.textContent = kindOf(id) + ": " + shorten(labelOf(id), 80);
    focusNode(id);
  }

  // ---- focus ----
  function focusNode(id) {
    if (!ensureDrawn(id)) { openPanel(id); return; }
    const kind = kindOf(id);
    if (!visible[kind]) setKind(kind, true);
    network.selectNodes([id]);
    openPanel(id);
    // Centre the node in the part of the canvas the panel leaves visible.
    const covered = panel.hidden ? 0 : Math.min(panel.offsetWidth, container.clientWidth / 2);
    network.focus(id, {
      scale: Math.max(network.getScale(), 0.9),
      offset: { x: -covered / 2, y: 0 },
      animation: { duration: 250, easingFunction: "easeInOutQuad" },
    });
  }

  // ---- panels ----
  const panel = document.getElementById("panel");
  const body = document.getElementById("panel-body");
  function badge(kind) { return el("span", "badge k-" + kind, kind); }
  function nodeLink(id, text, chip) {
    const kind = kindOf(id);
    if (!kind) return el("span", null, text);
    const b = el("button", (chip ? "link chip" : "link") + " k-" + kind, text);
    b.type = "button";
    b.addEventListener("click", () => focusNode(id));
    return b;
  }
  function segmentsInto(parent, segs) {
    for (const s of segs) {
      if (typeof s === "string") { parent.appendChild(document.createTextNode(s)); continue; }
      const [text, target] = s;
      const kind = kindOf(target);
      const m = el("mark", kind ? "k-" + kind : null, text);
      if (kind === "Result") {
        const r = data.results[target];
        m.title = [r.m, r.ds, r.me].filter(Boolean).join(" \u00b7 ") || "claimed result";
      } else if (kind) {
        m.classList.add("clickable");
        m.title = kind + ": " + labelOf(target);
        m.addEventListener("click", () => focusNode(target));
      }
      parent.appendChild(m);
    }
    return parent;
  }
  function entityCell(r, rel, surface) {
    const id = r.e[rel];
    if (id && data.entities[id]) return nodeLink(id, data.entities[id].l, false);
    return el("span", null, surface || "\u2014");
  }
  function valueText(r) {
    return r.u && !String(r.v).includes(r.u) ? r.v + " " + r.u : r.v;
  }
  function table(headers, rows) {
    const t = el("table");
    const head = el("tr");
    for (const h of headers) head.appendChild(el("th", null, h));
    add(t, add(el("thead"), head));
    const tb = el("tbody");
    for (const cells of rows) {
      const tr = el("tr");
      for (const c of cells) tr.appendChild(c instanceof Node ? add(el("td"), c) : el("td", "num", c));
      tb.appendChild(tr);
    }
    return add(t, tb);
  }
  function paperList(ids) {
    const ul = el("ul", "papers");
    for (const p of ids) {
      const rec = data.papers[p];
      const li = add(el("li"), nodeLink(p, shorten(rec.t, 110), false));
      if (rec.d) li.appendChild(el("span", "note", " " + rec.d));
      ul.appendChild(li);
    }
    return ul;
  }
  function sortByPaperDate(ids) {
    return ids.slice().sort((a, b) => String(data.papers[b].d || "").localeCompare(String(data.papers[a].d || "")) || (a < b ? -1 : 1));
  }

  function paperPanel(id) {
    const rec = data.papers[id];
    add(body, badge("Paper"));
    add(body, segmentsInto(el("h2"), rec.ts));
    const meta = [];
    if (rec.d) meta.push(rec.d);
    if (rec.na !== null && rec.na !== undefined) meta.push(rec.na + (rec.na === 1 ? " author" : " authors"));
    if (rec.up !== null && rec.up !== undefined) meta.push(rec.up + " upvotes");
    if (rec.ax) meta.push("arXiv " + rec.ax);
    if (rec.doi) meta.push("doi " + rec.doi);
    if (rec.sid) meta.push("source id " + rec.sid);
    add(body, el("p", "meta", meta.join(" \u00b7 ") || "no date or authors recorded"));
    if (rec.code.length) {
      add(body, el("h3", null, "Code"));
      const ul = el("ul");
      for (const u of rec.code) ul.appendChild(add(el("li"), anchor(u)));
      body.appendChild(ul);
    }
    if (rec.urls.length) {
      const p = el("p", "meta");
      rec.urls.forEach((u, i) => { if (i) p.appendChild(document.createTextNode(" \u00b7 ")); p.appendChild(anchor(u)); });
      body.appendChild(p);
    }
    add(body, el("h3", null, "Abstract"));
    add(body, segmentsInto(el("p", "abstract"), rec.ab));
    if (rec.res.length) {
      add(body, el("h3", null, "Results"));
      const rows = rec.res.map((r) => data.results[r]).filter(Boolean).map((r) => [
        valueText(r), entityCell(r, "hasMetric", r.m), entityCell(r, "hasDataset", r.ds),
        entityCell(r, "hasMethod", r.me), el("span", "note", r.rel || ""),
      ]);
      body.appendChild(table(["Value", "Metric", "Dataset", "Method", "Claim"], rows));
    }
    const byRel = new Map();
    for (const [e, rel] of rec.links) {
      if (!byRel.has(rel)) byRel.set(rel, []);
      byRel.get(rel).push(e);
    }
    for (const [rel, ids] of Array.from(byRel).sort()) {
      add(body, el("h3", null, rel));
      const chips = el("div", "chips");
      for (const e of ids) chips.appendChild(nodeLink(e, labelOf(e), true));
      body.appendChild(chips);
    }
  }

  function resultsTable(rows, cols) {
    const heads = { method: "Method", metric: "Metric", dataset: "Dataset", value: "Value", paper: "Paper" };
    const cells = rows.map((r) => cols.map((c) => {
      if (c === "method") return entityCell(r, "hasMethod", r.me);
      if (c === "metric") return entityCell(r, "hasMetric", r.m);
      if (c === "dataset") return entityCell(r, "hasDataset", r.ds);
      if (c === "value") return valueText(r);
      return data.papers[r.p] ? nodeLink(r.p, shorten(data.papers[r.p].t, 60), false) : el("span", null, r.p || "");
    }));
    return table(cols.map((c) => heads[c]), cells);
  }
  function metricName(r) {
    const id = r.e.hasMetric;
    return id && data.entities[id] ? data.entities[id].l : (r.m || "");
  }
  function leaderboardOrder(rows) {
    return rows.slice().sort((a, b) => {
      // Rows with a metric first, grouped by it; rows without one last.
      const ma = metricName(a), mb = metricName(b);
      if (ma !== mb) return !ma ? 1 : !mb ? -1 : ma < mb ? -1 : 1;
      const lower = (data.entities[a.e.hasMetric] || {}).dir === "lower";
      const va = a.x === null ? -Infinity : a.x, vb = b.x === null ? -Infinity : b.x;
      return lower ? va - vb : vb - va;
    });
  }

  // ---- dataset leaderboards: one table per metric, ranked in Python ----
  const ARROW = { higher: ["\u2191", "higher is better"], lower: ["\u2193", "lower is better"] };
  function claimValue(r) {
    // "1.1 points" already says its unit, however the extractor normalised it.
    const v = r.u && /^[+\-\u2212]?[\d.,]+$/.test(String(r.v).trim()) ? r.v + " " + r.u : r.v;
    // A dagger: another ranked claim gives this method, dataset and metric a different value.
    return r.cf ? v + " \u2020" : v;
  }
  function claimRow(rid, datasetId, why) {
    // Method, Metric, Value, Paper; the sentence on hover or on click.
    const r = data.results[rid];
    const method = entityCell(r, "hasMethod", r.me);
    const ds = r.e.hasDataset;
    const methodCell = ds && ds !== datasetId
      ? add(el("span"), method, el("span", "note", " \u00b7 " + labelOf(ds))) : method;
    const paper = data.papers[r.p] ? nodeLink(r.p, shorten(data.papers[r.p].t, 60), false) : el("span", null, r.p || "");
    return { rid: rid, r: r, why: why, cells: [methodCell, entityCell(r, "hasMetric", r.m), claimValue(r), paper] };
  }
  function gainRow(rid, datasetId) {
    const it = claimRow(rid, datasetId, null);
    const r = it.r;
    const rel = r.rel && r.rel !== "absolute" && r.rel !== "other" ? " (" + r.rel + ")" : "";
    const metric = metricName(r);
    const over = r.e.hasBaseline ? entityCell(r, "hasBaseline", r.bl) : el("span", null, r.bl || "\u2014");
    // Four columns fit the panel: the metric goes with the change ("+1.2 pp top-1 accuracy (improvement)").
    const change = el("span", null, claimValue(r) + (metric ? " " + metric : "") + rel);  // a node: it may wrap
    it.cells = [it.cells[0], change, over, it.cells[3]];
    return it;
  }
  function claimTable(headers, items) {
    const t = table(headers, items.map((it) => it.cells));
    const trs = t.querySelectorAll("tbody tr");
    items.forEach((it, i) => {
      const tr = trs[i];
      tr.className = "claim";
      tr.dataset.result = it.rid;
      if (it.r.s) tr.title = it.r.s;
      tr.tabIndex = 0;
      const toggle = (ev) => {
        if (ev.target.closest("button, a")) return;
        const next = tr.nextElementSibling;
        if (next && next.classList.contains("sentence")) { next.remove(); tr.removeAttribute("aria-expanded"); return; }
        const row = el("tr", "sentence");
        const td = el("td", null, it.r.s || "(no sentence recorded)");
        td.colSpan = headers.length;
        if (it.r.c !== null && it.r.c !== undefined) td.appendChild(el("span", "note", " \u2014 confidence " + it.r.c));
        row.appendChild(td);
        tr.after(row);
        tr.setAttribute("aria-expanded", "true");
      };
      tr.addEventListener("click", toggle);
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(ev); } });
      if (it.why) {
        const row = el("tr", "reason");
        const td = el("td", "note", "Not ranked: " + it.why);
        td.colSpan = headers.length;
        tr.after(add(row, td));
      }
    });
    return t;
  }
  function boardTitle(name, unit, dir) {
    const h = el("h4", "board", unit ? name + " (" + unit + ")" : name);
    const arrow = ARROW[dir];
    const a = el("span", "dir", arrow ? " " + arrow[0] : " (order unknown)");
    a.title = arrow ? arrow[1] : "direction of this metric unknown: rows in paper order, not ranked";
    h.appendChild(a);
    return h;
  }
  function datasetBoards(id, lb) {
    if (!lb || (!lb.t.length && !lb.nm.length && !(lb.g || []).length)) {
      const note = lb && lb.miss ? lb.miss + " claims on this dataset are on papers not included in this page." : "No results reported on this dataset.";
      body.appendChild(el("p", "note", note));
      return;
    }
    const headers = ["Method", "Metric", "Value", "Paper"];
    const others = [];
    for (const t of lb.t) {
      for (const [rid, why] of t.o) others.push(claimRow(rid, id, why));
      if (!t.r.length) continue;
      add(body, boardTitle(t.m, t.u, t.dir),
        claimTable(headers, t.r.map((rid) => claimRow(rid, id, null))));
    }
    if (lb.t.some((t) => t.r.some((rid) => data.results[rid].cf))) {
      body.appendChild(el("p", "note", "\u2020 conflicting claims: the same method, dataset and metric with different values (both kept)."));
    }
    const bare = lb.nm.filter((x) => x[2] === "no-metric");
    for (const [rid, why, code] of lb.nm) if (code !== "no-metric") others.push(claimRow(rid, id, why));
    if (bare.length) {
      add(body, el("h4", "board", "Claims without a metric (not ranked)"),
        claimTable(headers, bare.map(([rid]) => claimRow(rid, id, null))));
    }
    if (others.length) {
      const box = el("details", "other-claims");
      box.appendChild(el("summary", null, "Other claims (" + others.length + "): baselines' scores or needing review"));
      box.appendChild(claimTable(headers, others));
      body.appendChild(box);
    }
    const gains = lb.g || [];
    if (gains.length) {
      // Changes against a baseline ("+1.2 points over X"): their own table, never ranked.
      const box = el("details", "gains");
      box.appendChild(el("summary", null, "Claimed gains (" + gains.length + "): changes against a baseline, not ranked"));
      box.appendChild(claimTable(["Method", "Change", "Over", "Paper"], gains.map((rid) => gainRow(rid, id))));
      body.appendChild(box);
    }
    if (lb.miss) body.appendChild(el("p", "note", lb.miss + " more claims are on papers not included in this page."));
  }

  function entityPanel(id) {
    const rec = data.entities[id];
    add(body, badge(rec.k), el("h2", null, rec.l));
    if (rec.al.length) add(body, el("p", "meta", "Also: " + rec.al.join(", ")));
    const byRel = getIndex().papersOf.get(id) || new Map();
    const listed = new Set();
    for (const ps of byRel.values()) for (const p of ps) listed.add(p);
    let note = rec.np + (rec.np === 1 ? " paper" : " papers") + " in the graph";
    if (listed.size < rec.np) note += "; " + listed.size + " included in this page";
    add(body, el("p", "meta", note));
    const results = (getIndex().resultsOf.get(id) || []);
    const pick = (rel) => results.filter((x) => x[0] === rel).map((x) => data.results[x[1]]);
    if (rec.k === "Dataset") {
      add(body, el("h3", null, "Leaderboard"));
      datasetBoards(id, rec.lb);
    } else if (rec.k === "Method") {
      const rows = leaderboardOrder(pick("hasMethod"));
      if (rows.length) add(body, el("h3", null, "Results"), resultsTable(rows, ["metric", "dataset", "value", "paper"]));
    } else if (rec.k === "Metric") {
      const rows = leaderboardOrder(pick("hasMetric"));
      if (rows.length) add(body, el("h3", null, "Results"), resultsTable(rows, ["method", "dataset", "value", "paper"]));
    }
    const shown = new Set();
    for (const [rel, title] of REL_TITLES) {
      const ps = (byRel.get(rel) || []).filter((p) => !shown.has(p));
      if (!ps.length) continue;
      ps.forEach((p) => shown.add(p));
      add(body, el("h3", null, title + " (" + ps.length + ")"), paperList(sortByPaperDate(ps)));
    }
    const rest = Array.from(listed).filter((p) => !shown.has(p));
    if (rest.length) add(body, el("h3", null, "Other papers (" + rest.length + ")"), paperList(sortByPaperDate(rest)));
    const undrawn = Array.from(listed).filter((p) => !nodes.get(p));
    if (undrawn.length) {
      const b = el("button", "action", "Draw " + undrawn.length + " more " + (undrawn.length === 1 ? "paper" : "papers"));
      b.type = "button";
      b.addEventListener("click", () => { drawMany([id, ...undrawn]); b.remove(); });
      body.appendChild(b);
    }
    if (rec.rl) {
      add(body, el("h3", null, "Related"));
      const ul = el("ul");
      for (const [rel, other, dir] of rec.rl) {
        const li = el("li", null, dir === "out" ? rel + " " : "");
        li.appendChild(nodeLink(other, labelOf(other), false));
        if (dir === "in") li.appendChild(document.createTextNode(" " + rel + " this"));
        ul.appendChild(li);
      }
      body.appendChild(ul);
    }
  }

  function resultPanel(id) {
    const r = data.results[id];
    add(body, badge("Result"), el("h2", null, valueText(r)));
    if (r.rel) add(body, el("p", "meta", r.rel + (r.c !== null ? " \u00b7 confidence " + r.c : "")));
    body.appendChild(resultsTable([r], ["method", "metric", "dataset", "paper"]));
    if (r.bl) add(body, el("p", "meta", "Baseline: " + r.bl));
  }

  function openPanel(id) {
    body.replaceChildren();
    panel.dataset.node = id;
    if (data.papers[id]) paperPanel(id);
    else if (data.entities[id]) entityPanel(id);
    else if (data.results[id]) resultPanel(id);
    else add(body, el("h2", null, labelOf(id)));
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closePanel() {
    panel.hidden = true;
    delete panel.dataset.node;
    network.unselectAll();
  }

  // ---- wiring ----
  buildLegend();
  buildSearch();
  timings.ui = performance.now();
  const m = data.meta;
  const summary = "Drawn: " + m.papers_drawn + " of " + m.papers_total + " papers, " +
    m.entities_drawn + " of " + m.entities_total + " entities." +
    (m.papers_drawn < m.papers_total || m.entities_drawn < m.entities_total
      ? " The rest are left out to keep the page fast; open an entity to draw more of its papers." : "");
  document.getElementById("summary").textContent = summary;
  document.getElementById("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); runSearch(true); });
  document.getElementById("search").addEventListener("input", (ev) => {
    // Picking a datalist entry fires an input event without a typing inputType.
    if (!ev.inputType || ev.inputType === "insertReplacementText") runSearch(false);
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !panel.hidden) closePanel(); });
  network.on("click", (params) => { if (params.nodes.length) openPanel(params.nodes[0]); });
  network.once("afterDrawing", () => {
    window.papergraphReadyMs = timings.ready = performance.now();
    window.papergraphTimings = timings;
    document.body.dataset.ready = "1";
  });
  window.papergraph = { network: network, nodes: nodes, edges: edges, data: data, focusNode: focusNode, openPanel: openPanel, setKind: setKind };
})();

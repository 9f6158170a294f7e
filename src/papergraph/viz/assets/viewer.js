/* papergraph viewer. Reads the embedded JSON, draws it with vis-network and
 * builds every panel with textContent: no data ever goes through innerHTML. */
(async function () {
  "use strict";

  // The packed block (papers, the long tail of entities) is base64 of deflated JSON;
  // the browser inflates it itself, nothing is fetched.
  async function unpackText(id) {
    const block = document.getElementById(id);
    const b64 = block ? block.textContent.trim() : "";
    if (!b64) return "{}";
    let bytes;
    if (typeof Uint8Array.fromBase64 === "function") {
      bytes = Uint8Array.fromBase64(b64);
    } else {
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }

  const timings = { start: performance.now() };
  const data = JSON.parse(document.getElementById("pg-data").textContent);
  const [packedText, lazyText] = await Promise.all([unpackText("pg-packed"), unpackText("pg-lazy")]);
  for (const [k, v] of Object.entries(JSON.parse(packedText))) {
    if (k === "entities") Object.assign(data.entities, v); else data[k] = v;  // placed entities are plain
  }
  // The papers' and results' full records are parsed when something first reads them.
  let lazyPart = null;
  for (const key of ["papers", "results"]) {
    Object.defineProperty(data, key, { get: () => (lazyPart || (lazyPart = JSON.parse(lazyText)))[key] || {} });
  }
  // The long tail's text columns come as single strings of lines, split on first use.
  function lazy(obj, key, make) {
    if (!obj) return;
    let value = null;
    Object.defineProperty(obj, key, { get: () => (value === null ? (value = make(obj[key + "_"])) : value) });
  }
  const lines = (s) => (s ? s.split("\n") : []);
  for (const [obj, keys] of [[data.more, ["l"]], [data.plist, ["id", "t", "ax"]]]) {
    for (const key of keys) { if (obj) { obj[key + "_"] = obj[key]; delete obj[key]; lazy(obj, key, lines); } }
  }
  if (data.more) {
    data.more.p_ = data.more.p;
    delete data.more.p;
    lazy(data.more, "p", (flat) => {
      const out = [], pc = data.more.pc;
      let at = 0;
      for (let i = 0; i < pc.length; i++) { const n = pc.charCodeAt(i) - 48; out.push(flat.slice(at, at + n)); at += n; }
      return out;
    });
  }
  timings.parsed = performance.now();
  const REL_TITLES = [
    ["proposes", "Proposed in"], ["uses", "Used in"], ["addresses", "Addressed in"],
    ["mentions", "Mentioned in"],
  ];
  const PAPER_LABEL_CHARS = 48;
  const LABEL_PX = 13;          // label size on screen, whatever the zoom
  const MIN_SIZE = 6, MAX_SIZE = 34;  // node radius of the least and most used entity
  const PAPERS_ON_OPEN = 40;    // papers drawn around an entity when it is opened
  const DIM = 0.12;             // opacity of what is outside the focus
  const style = {};
  const visible = {};
  for (const k of data.kinds) { style[k.kind] = k; visible[k.kind] = k.on; }
  const months = data.meta.months;
  const drawnEntities = data.nodes.filter((n) => n.kind !== "Paper").length;
  // What the page shows: every filter in one place, read by applyFilters().
  const state = {
    from: 0, to: Math.max(0, months.length - 1), minPapers: 1, minConf: 0,
    topN: Math.min(drawnEntities, data.meta.top_n || 150),
  };
  const names = {};  // node id -> full label (the drawn label may be hidden to avoid overlaps)
  for (const n of data.nodes) names[n.id] = n.label;

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
  // Entities the page does not embed are known by name only: ids "~0", "~1", ... in data.more.
  const LETTER_KIND = { M: "Method", D: "Dataset", T: "Task", X: "Metric" };
  function otherIndex(id) { return typeof id === "string" && id[0] === "~" ? Number(id.slice(1)) : -1; }
  // Views that are no node: a community ("community:3"), a leaderboard ("board:<dataset id>#<table>")
  // and the list of leaderboards ("board:"). They take their place in the breadcrumb like nodes.
  const COMMUNITY = "community:", BOARD = "board:";
  function communityOf(id) {
    return typeof id === "string" && id.startsWith(COMMUNITY) ? Number(id.slice(COMMUNITY.length)) : -1;
  }
  function boardOf(id) {
    if (typeof id !== "string" || !id.startsWith(BOARD)) return null;
    const rest = id.slice(BOARD.length);
    if (!rest) return { list: true };
    const at = rest.lastIndexOf("#");
    const ds = rest.slice(0, at), rec = data.entities[ds];
    const t = rec && rec.lb ? rec.lb.t[Number(rest.slice(at + 1))] : null;
    return t ? { ds: ds, t: t, i: Number(rest.slice(at + 1)) } : null;
  }
  function boardId(ds, i) { return BOARD + ds + "#" + i; }
  function kindOf(id) {
    if (communityOf(id) >= 0) return data.communities[communityOf(id)] ? "Community" : null;
    if (boardOf(id)) return "Leaderboard";
    const o = otherIndex(id);
    if (o >= 0) return LETTER_KIND[data.more.k[o]] || null;
    const n = nodes.get(id);
    if (n) return n.kind;
    if (data.papers[id]) return "Paper";
    if (data.entities[id]) return data.entities[id].k;
    if (data.results[id]) return "Result";
    return null;
  }
  function labelOf(id) {
    const c = communityOf(id);
    if (c >= 0) return data.communities[c] ? data.communities[c].n : id;
    const b = boardOf(id);
    if (b) return b.list ? "Leaderboards" : data.entities[b.ds].l + " \u00b7 " + b.t.m;
    const o = otherIndex(id);
    if (o >= 0) return data.more.l[o];
    if (data.papers[id]) return data.papers[id].t;
    if (data.entities[id]) return data.entities[id].l;
    return names[id] || id;
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
  function papersOfEntity(id) {
    const all = new Set();
    for (const ps of (getIndex().papersOf.get(id) || new Map()).values()) for (const p of ps) all.add(p);
    return Array.from(all);
  }

  // ---- time range ----
  function monthOfDate(d) {
    if (!d) return -1;
    const key = /^\d{4}$/.test(d) ? d + "-01" : String(d).slice(0, 7);
    return months.indexOf(key);
  }
  function fullRange() { return state.from === 0 && state.to === Math.max(0, months.length - 1); }
  function papersInRange(id) {
    const rec = data.entities[id];
    if (!rec) return 0;
    if (fullRange() || !rec.h) return rec.np;
    let n = 0;
    for (let i = 0; i < rec.h.length; i += 2) if (rec.h[i] >= state.from && rec.h[i] <= state.to) n += rec.h[i + 1];
    return n;
  }
  function paperInRange(p) {
    if (fullRange()) return true;
    const m = monthOfDate((data.papers[p] || {}).d);
    return m >= state.from && m <= state.to;
  }
  function confident(r) {
    if (state.minConf <= 0) return true;
    return r && typeof r.c === "number" && r.c >= state.minConf;
  }
  // A claim is as old as its paper: the time range hides the claims of papers outside it.
  function claimInRange(r) { return fullRange() || Boolean(r && paperInRange(r.p)); }
  function claimShown(r) { return confident(r) && claimInRange(r); }
  function rangeText() { return months[state.from] + " \u2013 " + months[state.to]; }
  // The notes under a claims table: how many claims each filter hides.
  function hiddenNotes(rids) {
    let conf = 0, time = 0;
    for (const rid of rids) {
      const r = data.results[rid];
      if (!confident(r)) conf += 1; else if (!claimInRange(r)) time += 1;
    }
    const out = [];
    if (conf) out.push(el("p", "note conf-note", conf + " claims below confidence " + state.minConf.toFixed(2) + " are hidden."));
    if (time) out.push(el("p", "note time-note", time + " claims on papers outside " + rangeText() + " are hidden."));
    return out;
  }

  // ---- drawing more on demand ----
  // Everything is added in one DataSet call: vis-network redraws per call.
  function drawMany(ids) {
    const newNodes = [];
    const placed = new Map();
    const posOf = (n) => placed.get(n) || (nodes.get(n) ? network.getPosition(n) : null);
    const isDrawn = (n) => placed.has(n) || Boolean(nodes.get(n));
    const wanted = ids.filter((id) => !nodes.get(id) && (data.papers[id] || data.entities[id]));
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
        near = papersOfEntity(id);
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
      names[id] = label;
      newNodes.push({ id: id, label: label, shape: st.shape, color: st.color, size: MIN_SIZE, x: xy.x, y: xy.y, kind: kind, hidden: !visible[kind], onDemand: true });
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
  // Papers drawn on demand leave again when the reader goes back to the overview.
  function clearOnDemandPapers() {
    const gone = nodes.getIds({ filter: (n) => n.kind === "Paper" && n.onDemand });
    if (!gone.length) return;
    const set = new Set(gone);
    edges.remove(edges.getIds({ filter: (e) => set.has(e.from) || set.has(e.to) }));
    nodes.remove(gone);
    updateCounts();
  }

  // ---- filters: kinds, time range, minimum papers, top N ----
  function applyFilters(opening) {
    const shown = [];
    const changes = [];
    nodes.forEach((n) => {
      if (n.kind === "Paper") return;
      const c = papersInRange(n.id);
      if (visible[n.kind] && c > 0 && c >= state.minPapers) shown.push([n.id, c]);
    });
    // The rule that chooses what is drawn: the top N by papers in the range.
    shown.sort((a, b) => b[1] - a[1] || ((data.entities[a[0]] || {}).rk || 0) - ((data.entities[b[0]] || {}).rk || 0));
    const keep = new Map(shown.slice(0, state.topN));
    const most = keep.size ? Math.max(...keep.values()) : 1;
    nodes.forEach((n) => {
      let hidden, size = n.size;
      if (n.kind === "Paper") {
        hidden = !visible.Paper || !paperInRange(n.id);
      } else if (keep.has(n.id) || ((n.onDemand || (focus.show && focus.show.has(n.id))) && visible[n.kind])) {
        hidden = false;
        size = Math.round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt((keep.get(n.id) || 0) / most));
      } else {
        hidden = true;
      }
      if (Boolean(n.hidden) !== hidden || size !== n.size) changes.push({ id: n.id, hidden: hidden, size: size });
    });
    nodes.update(changes);
    const hiddenNode = new Set(nodes.getIds({ filter: (n) => n.hidden }));
    const edgeChanges = [];
    edges.forEach((e) => {
      const hidden = hiddenNode.has(e.from) || hiddenNode.has(e.to);
      if (Boolean(e.hidden) !== hidden) edgeChanges.push({ id: e.id, hidden: hidden });
    });
    edges.update(edgeChanges);
    state.shown = keep.size;
    state.eligible = shown.length;
    updateCounts();
    updateRule();
    updateHulls();
    if (focus.id) spotlight(focus.id, focus.fixed); else if (!opening) relabel();
  }
  function setKind(kind, on) {
    visible[kind] = on;
    const boxes = document.querySelectorAll("#legend input[data-kind]");
    for (const b of boxes) if (b.dataset.kind === kind) b.checked = on;
    applyFilters();
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
  const counters = {};
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
      counters[k.kind].title = "drawn now / in the build";
      add(label, box, shapeIcon(k.shape, k.color), el("span", null, k.kind), counters[k.kind]);
      legend.appendChild(label);
    }
  }
  function updateCounts() {
    const n = {};
    nodes.forEach((node) => { if (!node.hidden) n[node.kind] = (n[node.kind] || 0) + 1; });
    for (const k of data.kinds) {
      if (counters[k.kind]) counters[k.kind].textContent = (n[k.kind] || 0).toLocaleString("en") + " / " + k.total.toLocaleString("en");
    }
  }

  // ---- controls ----
  function monthLabel(i) { return months[i] || ""; }
  function updateRule() {
    const rule = document.getElementById("rule");
    const range = months.length ? " in " + monthLabel(state.from) + " \u2013 " + monthLabel(state.to) : "";
    rule.textContent = "Drawing the top " + state.shown + " of " + state.eligible + " entities by papers" + range +
      (state.minPapers > 1 ? " (at least " + state.minPapers + " papers)" : "") +
      ". The page holds the " + drawnEntities + " entities with most papers of " +
      data.meta.entities_total.toLocaleString("en") + " in the build; search finds the others.";
    document.getElementById("top-n-value").textContent = String(state.topN);
    document.getElementById("min-papers-value").textContent = String(state.minPapers);
    document.getElementById("min-conf-value").textContent = state.minConf.toFixed(2);
    document.getElementById("range-value").textContent = months.length ? monthLabel(state.from) + " \u2013 " + monthLabel(state.to) : "no dates";
  }
  function buildControls() {
    const topN = document.getElementById("top-n");
    topN.max = String(Math.max(1, drawnEntities));
    topN.value = String(state.topN);
    topN.addEventListener("input", () => { state.topN = Number(topN.value); applyFilters(); });
    const minP = document.getElementById("min-papers");
    const most = Math.max(1, ...Object.values(data.entities).map((r) => r.np || 0));
    minP.max = String(Math.min(most, 50));
    minP.addEventListener("input", () => { state.minPapers = Number(minP.value); applyFilters(); });
    const minC = document.getElementById("min-conf");
    minC.addEventListener("input", () => {
      state.minConf = Number(minC.value);
      updateRule();
      if (!panel.hidden && panel.dataset.node) openPanel(panel.dataset.node);
    });
    const from = document.getElementById("range-from"), to = document.getElementById("range-to");
    for (const r of [from, to]) { r.max = String(Math.max(0, months.length - 1)); r.disabled = months.length < 2; }
    from.value = "0";
    to.value = String(Math.max(0, months.length - 1));
    const onRange = (moved) => {
      let a = Number(from.value), b = Number(to.value);
      if (a > b) { if (moved === from) b = a; else a = b; from.value = String(a); to.value = String(b); }
      state.from = a; state.to = b;
      applyFilters();
      if (!panel.hidden && panel.dataset.node) openPanel(panel.dataset.node);
    };
    from.addEventListener("input", () => onRange(from));
    to.addEventListener("input", () => onRange(to));
  }

  // ---- labels: a fixed size on screen, shown only where they do not overlap ----
  const measure = document.createElement("canvas").getContext("2d");
  function labelFont() { return LABEL_PX + "px system-ui, sans-serif"; }
  function labelBox(p, r, text) {
    const w = measure.measureText(text).width + 6;
    return { x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y + r + 1, y1: p.y + r + LABEL_PX + 7 };
  }
  function overlaps(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }
  function importance(n) {
    if (focus.id === n.id) return 1e12;
    if (focus.near && focus.near.has(n.id)) return 1e9 + (n.kind === "Paper" ? 0 : papersInRange(n.id));
    return n.kind === "Paper" ? 0 : papersInRange(n.id);
  }
  function relabel() {
    measure.font = labelFont();
    const scale = network.getScale();
    const w = container.clientWidth, h = container.clientHeight;
    const shown = nodes.get({ filter: (n) => !n.hidden });
    shown.sort((a, b) => importance(b) - importance(a) || (a.id < b.id ? -1 : 1));
    const pos = network.getPositions(shown.map((n) => n.id));
    const accepted = [];
    const cell = 120, grid = new Map();
    const keys = (b) => {
      const out = [];
      for (let x = Math.floor(b.x0 / cell); x <= Math.floor(b.x1 / cell); x++)
        for (let y = Math.floor(b.y0 / cell); y <= Math.floor(b.y1 / cell); y++) out.push(x + "," + y);
      return out;
    };
    // The toolbar and the panel cover the canvas: no label is placed under them.
    const rect = container.getBoundingClientRect();
    for (const cover of [document.getElementById("toolbar"), panel]) {
      if (cover.hidden) continue;
      const r = cover.getBoundingClientRect();
      const box = { x0: r.left - rect.left, x1: r.right - rect.left, y0: r.top - rect.top, y1: r.bottom - rect.top };
      for (const k of keys(box)) { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(box); }
    }
    const reserve = (box) => {
      const ks = keys(box);
      if (ks.some((k) => (grid.get(k) || []).some((o) => overlaps(o, box)))) return false;
      for (const k of ks) { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(box); }
      return true;
    };
    communityLabels = placeCommunityLabels(reserve);
    const changes = [];
    const boxes = {};
    for (const n of shown) {
      const full = names[n.id] || "";
      const p = network.canvasToDOM(pos[n.id]);
      const dimmed = focus.near && !focus.near.has(n.id) && focus.id !== n.id;
      const box = labelBox(p, (n.size || MIN_SIZE) * scale, full);
      let ok = full && !dimmed && box.x1 > 0 && box.x0 < w && box.y1 > 0 && box.y0 < h;
      if (ok) {
        ok = reserve(box);
        if (ok) { accepted.push(n.id); boxes[n.id] = box; }
      }
      const label = ok ? full : "";
      const size = LABEL_PX / scale;
      if (n.label !== label || !n.font || Math.abs(n.font.size - size) > 1e-6) changes.push({ id: n.id, label: label, font: { size: size } });
    }
    if (changes.length) nodes.update(changes);
    window.papergraphLabels = { ids: accepted, boxes: boxes };
  }
  let relabelTimer = 0;
  function relabelSoon() { clearTimeout(relabelTimer); relabelTimer = setTimeout(relabel, 80); }

  // ---- focus and context ----
  // focus.id: the open node or view; focus.near: what stays bright; focus.fixed: a set given
  // by a community or a leaderboard (else a node's neighbours); focus.show: shown whatever the top-N rule.
  const focus = { id: null, near: null, fixed: null, show: null };
  function spotlight(id, fixed) {
    focus.id = id;
    focus.fixed = fixed || null;
    const near = fixed ? new Set(fixed) : new Set(network.getConnectedNodes(id));
    if (!fixed) near.add(id);
    focus.near = near;
    const changes = [];
    nodes.forEach((n) => {
      const o = near.has(n.id) ? 1 : DIM;
      if ((n.opacity === undefined ? 1 : n.opacity) !== o) changes.push({ id: n.id, opacity: o });
    });
    nodes.update(changes);
    const ec = [];
    edges.forEach((e) => {
      const on = fixed ? near.has(e.from) && near.has(e.to) : e.from === id || e.to === id;
      ec.push({ id: e.id, color: { opacity: on ? 0.9 : 0.05 } });
    });
    edges.update(ec);
    relabel();
  }
  function unspotlight() {
    focus.id = null; focus.near = null; focus.fixed = null; focus.show = null;
    nodes.update(nodes.getIds({ filter: (n) => n.opacity !== undefined && n.opacity !== 1 }).map((id) => ({ id: id, opacity: 1 })));
    edges.update(edges.getIds().map((id) => ({ id: id, color: { opacity: 0.75 } })));
    relabel();
  }
  const trail = [];
  function renderTrail() {
    const nav = document.getElementById("crumbs");
    nav.replaceChildren();
    const home = el("button", "crumb", "Overview");
    home.type = "button";
    home.addEventListener("click", backToOverview);
    nav.appendChild(home);
    trail.forEach((id, i) => {
      nav.appendChild(el("span", "sep", "\u203a"));
      const b = el("button", "crumb k-" + kindOf(id), shorten(labelOf(id), 28));
      b.type = "button";
      b.dataset.node = id;
      b.addEventListener("click", () => { trail.length = i + 1; focusNode(id); });
      nav.appendChild(b);
    });
    nav.hidden = trail.length === 0;
  }
  function backToOverview() {
    closePanel();
    fitDrawn();
    relabel();
  }

  // ---- search: entities by name and alias, papers by title and authors ----
  const names_ = new Map();  // lower-case name -> ids
  const display = new Map(); // lower-case name -> name as first seen
  const byAuthor = new Map(); // lower-case author -> paper ids
  function addName(name, id) {
    if (!name) return;
    const key = String(name).toLowerCase();
    if (!names_.has(key)) { names_.set(key, []); display.set(key, String(name)); }
    const ids = names_.get(key);
    if (!ids.includes(id)) ids.push(id);
  }
  // The long tail (a quarter of a million names on a corpus page) is searched as its own
  // column, most papers first, lower-cased on the first search rather than while the page opens.
  let tailKeys = null;
  function tail() {
    if (!tailKeys) tailKeys = ((data.more || {}).l || []).map((l) => l.toLowerCase());
    return tailKeys;
  }
  function tailHits(pass, limit) {
    const keys = tail(), out = [];
    for (let i = 0; i < keys.length && out.length < limit; i++) if (pass(keys[i])) out.push("~" + i);
    return out;
  }
  function buildSearch() {
    for (const [id, rec] of Object.entries(data.entities)) {
      addName(rec.l, id);
      for (const a of rec.al) addName(a, id);
    }
    const pindex = data.pindex || { id: [], t: [], au: [] };
    const isPaper = new Set(pindex.id);
    pindex.id.forEach((id, i) => {
      addName(pindex.t[i], id);
      for (const a of pindex.au[i] || []) {
        const key = a.toLowerCase();
        if (!byAuthor.has(key)) byAuthor.set(key, []);
        byAuthor.get(key).push(id);
      }
    });
    // The suggestions list the placed entities' names and aliases and the papers' titles
    // (the others are found by typing); thousands of elements, so made when the box is first used.
    const suggest = () => {
      const listed = new Set();
      for (const [key, ids] of names_) if (ids.some((id) => isPaper.has(id) || (data.entities[id] || {}).dr)) listed.add(key);
      const frag = document.createDocumentFragment();
      for (const key of Array.from(listed).sort()) {
        const opt = el("option");
        opt.value = display.get(key);
        frag.appendChild(opt);
      }
      document.getElementById("names").appendChild(frag);
    };
    document.getElementById("search").addEventListener("focus", suggest, { once: true });
  }
  function score(id) {
    const o = otherIndex(id);
    if (o >= 0) return data.more.n[o];
    return (nodes.get(id) && !nodes.get(id).onDemand ? 1e9 : 0) + ((data.entities[id] || {}).np || 0);
  }
  function rankIds(ids) {
    return ids.slice().sort((a, b) => score(b) - score(a) || (a < b ? -1 : 1));
  }
  function resolve(query, fuzzy) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    if (names_.has(q)) return rankIds(names_.get(q))[0];
    const exact = tailHits((k) => k === q, 1);
    if (exact.length) return exact[0];
    if (!fuzzy) return null;
    const hits = matches(q, 1);
    return hits.length ? hits[0][0] : null;
  }
  // [id, why] pairs: names that start with the query, then names and authors that contain it.
  function matches(q, limit) {
    const out = [], seen = new Set();
    const push = (ids, why) => { for (const id of rankIds(ids)) if (!seen.has(id)) { seen.add(id); out.push([id, why]); } };
    for (const pass of [(k) => k.startsWith(q), (k) => k.includes(q)]) {
      const hits = [];
      for (const [key, ids] of names_) if (pass(key)) hits.push(...ids);
      push(hits.concat(tailHits(pass, limit)), null);
      if (out.length >= limit) return out.slice(0, limit);
    }
    for (const [author, ids] of byAuthor) if (author.includes(q)) push(ids, "by " + author);
    return out.slice(0, limit);
  }
  function showHits(query) {
    const box = document.getElementById("hits");
    box.replaceChildren();
    const q = query.trim().toLowerCase();
    if (q.length < 2) return;
    for (const [id, why] of matches(q, 12)) {
      const kind = kindOf(id);
      const b = el("button", "hit k-" + kind);
      b.type = "button";
      b.dataset.node = id;
      add(b, el("span", "badge k-" + kind, kind), el("span", null, " " + shorten(labelOf(id), 70)));
      if (why) b.appendChild(el("span", "note", " " + why));
      b.addEventListener("click", () => { box.replaceChildren(); focusNode(id); });
      box.appendChild(b);
    }
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
    document.getElementById("hits").replaceChildren();
    focusNode(id);
  }

  // ---- focus: open a node, draw its papers, dim the rest, remember the way back ----
  function focusNode(id) {
    const at = trail.indexOf(id);
    if (at >= 0) trail.length = at + 1; else trail.push(id);
    renderTrail();
    focus.show = null;
    if (communityOf(id) >= 0) { focusCommunity(id); return; }
    if (boardOf(id)) { focusBoard(id); return; }
    if (!ensureDrawn(id)) { network.unselectAll(); openPanel(id); return; }
    const kind = kindOf(id);
    if (!visible[kind]) setKind(kind, true);
    if (data.entities[id]) {
      // an entity's papers are drawn when it is opened; the newest first
      const ps = sortByPaperDate(papersOfEntity(id)).filter(paperInRange).slice(0, PAPERS_ON_OPEN);
      drawMany(ps);
    } else if (data.papers[id]) {
      drawMany(data.papers[id].links.map((l) => l[0]));
    }
    if (nodes.get(id).hidden) nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    openPanel(id);
    spotlight(id, null);
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
  // Click a column head to sort by it (numbers as numbers); a row's sentence and reason move with it.
  function makeSortable(t) {
    const heads = t.querySelectorAll("thead th");
    heads.forEach((th, col) => {
      th.classList.add("sortable");
      th.tabIndex = 0;
      const sortBy = () => {
        const tb = t.querySelector("tbody");
        const groups = [];
        for (const tr of Array.from(tb.children)) {
          if ((tr.classList.contains("sentence") || tr.classList.contains("reason")) && groups.length) groups[groups.length - 1].push(tr);
          else groups.push([tr]);
        }
        const dir = th.dataset.sort === "asc" ? -1 : 1;
        heads.forEach((h) => delete h.dataset.sort);
        th.dataset.sort = dir === 1 ? "asc" : "desc";
        const key = (g) => (g[0].children[col] || { textContent: "" }).textContent.trim();
        const num = (s) => { const m = /^[+\-\u2212]?\d[\d,]*(\.\d+)?/.exec(s); return m ? Number(m[0].replace("\u2212", "-").replace(/,/g, "")) : null; };
        groups.sort((a, b) => {
          const ka = key(a), kb = key(b), na = num(ka), nb = num(kb);
          if (na !== null && nb !== null && na !== nb) return dir * (na - nb);
          return dir * ka.localeCompare(kb);
        });
        for (const g of groups) for (const tr of g) tb.appendChild(tr);
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (ev) => { if (ev.key === "Enter") sortBy(); });
    });
    return t;
  }
  // Papers per month of an entity over the build's months, as an inline SVG bar chart.
  function trendChart(rec) {
    const ns = "http://www.w3.org/2000/svg";
    const W = 400, H = 90, pad = 16;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + (H + pad));
    svg.setAttribute("class", "trend");
    svg.setAttribute("role", "img");
    const counts = new Array(months.length).fill(0);
    for (let i = 0; i < (rec.h || []).length; i += 2) counts[rec.h[i]] = rec.h[i + 1];
    const most = Math.max(1, ...counts);
    const bw = W / Math.max(1, months.length);
    const title = document.createElementNS(ns, "title");
    title.textContent = "Papers per month naming " + rec.l;
    svg.appendChild(title);
    counts.forEach((c, i) => {
      if (!c) return;
      const r = document.createElementNS(ns, "rect");
      const h = Math.max(1, Math.round((H - 4) * c / most));
      r.setAttribute("x", (i * bw).toFixed(2));
      r.setAttribute("y", String(H - h));
      r.setAttribute("width", Math.max(1, bw - 1).toFixed(2));
      r.setAttribute("height", String(h));
      r.setAttribute("class", i >= state.from && i <= state.to ? "bar in" : "bar");
      r.dataset.month = months[i];
      r.dataset.count = String(c);
      const t = document.createElementNS(ns, "title");
      t.textContent = months[i] + ": " + c + (c === 1 ? " paper" : " papers");
      r.appendChild(t);
      svg.appendChild(r);
    });
    for (const [i, anchorAt] of [[0, "start"], [months.length - 1, "end"]]) {
      if (i < 0) continue;
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", anchorAt === "start" ? "0" : String(W));
      t.setAttribute("y", String(H + pad - 3));
      t.setAttribute("text-anchor", anchorAt);
      t.textContent = months[i];
      svg.appendChild(t);
    }
    const cap = document.createElementNS(ns, "text");
    cap.setAttribute("x", "2"); cap.setAttribute("y", "10");
    cap.textContent = "max " + most + "/month";
    svg.appendChild(cap);
    return svg;
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
    const heads = { method: "Method", metric: "Metric", dataset: "Dataset", value: "Value", paper: "Paper", confidence: "Conf.", date: "Date" };
    const cells = rows.map((r) => cols.map((c) => {
      if (c === "method") return entityCell(r, "hasMethod", r.me);
      if (c === "metric") return entityCell(r, "hasMetric", r.m);
      if (c === "dataset") return entityCell(r, "hasDataset", r.ds);
      if (c === "value") return valueText(r);
      if (c === "confidence") return typeof r.c === "number" ? r.c.toFixed(2) : "\u2014";
      if (c === "date") return (data.papers[r.p] || {}).d || "\u2014";
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
    const ok = (rid) => claimShown(data.results[rid]);
    const all = [];
    lb.t.forEach((t, i) => {
      for (const [rid, why] of t.o) { all.push(rid); if (ok(rid)) others.push(claimRow(rid, id, why)); }
      all.push(...t.r);
      const rows = t.r.filter(ok);
      if (!rows.length) return;
      const title = boardTitle(t.m, t.u, t.dir);
      add(title, document.createTextNode(" "), boardButton(id, i));
      add(body, title, makeSortable(claimTable(headers, rows.map((rid) => claimRow(rid, id, null)))));
    });
    add(body, ...hiddenNotes(all.concat(lb.nm.map((x) => x[0]), lb.g || [])));
    if (lb.t.some((t) => t.r.some((rid) => data.results[rid].cf))) {
      body.appendChild(el("p", "note", "\u2020 conflicting claims: the same method, dataset and metric with different values (both kept)."));
    }
    const bare = lb.nm.filter((x) => x[2] === "no-metric" && ok(x[0]));
    for (const [rid, why, code] of lb.nm) if (code !== "no-metric" && ok(rid)) others.push(claimRow(rid, id, why));
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
    const gains = (lb.g || []).filter(ok);
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
    if (!fullRange()) note += ", " + papersInRange(id) + " in " + months[state.from] + " – " + months[state.to];
    if (listed.size < rec.np) note += "; " + listed.size + " included in this page";
    add(body, el("p", "meta", note));
    if (rec.h && months.length > 1) add(body, el("h3", null, "Papers per month"), trendChart(rec));
    const results = (getIndex().resultsOf.get(id) || []);
    const ids = (rel) => results.filter((x) => x[0] === rel).map((x) => x[1]);
    const pick = (rel) => ids(rel).map((r) => data.results[r]).filter(claimShown);
    if (rec.k === "Dataset") {
      add(body, el("h3", null, "Leaderboard"));
      datasetBoards(id, rec.lb);
    } else if (rec.k === "Method" || rec.k === "Metric") {
      // Its claims, on every dataset, with the paper's date: the time range shows when it was claimed.
      const rel = rec.k === "Method" ? "hasMethod" : "hasMetric";
      const cols = rec.k === "Method" ? ["metric", "dataset", "value", "date", "confidence", "paper"]
        : ["method", "dataset", "value", "date", "paper"];
      const rows = leaderboardOrder(pick(rel));
      if (rows.length) add(body, el("h3", null, "Results"), makeSortable(resultsTable(rows, cols)));
      add(body, ...hiddenNotes(ids(rel)));
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
      b.addEventListener("click", () => { drawMany([id, ...undrawn]); b.remove(); spotlight(id, null); });
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


  function otherPanel(id) {
    const o = otherIndex(id);
    const kind = kindOf(id);
    add(body, badge(kind), el("h2", null, labelOf(id)));
    const n = data.more.n[o];
    add(body, el("p", "meta", n + (n === 1 ? " paper" : " papers") + " in the graph"));
    const refs = (data.more.p || [])[o] || [];
    if (refs.length) {
      add(body, el("h3", null, refs.length < n ? "Newest papers (" + refs.length + " of " + n + ")" : "Papers"));
      const ul = el("ul", "papers");
      for (const i of refs) {
        const p = data.plist.id[i], m = data.plist.m[i], ax = data.plist.ax[i];
        const title = shorten(data.plist.t[i], 110);
        const li = add(el("li"), data.papers[p] ? nodeLink(p, title, false) : el("span", null, title));
        if (m >= 0) li.appendChild(el("span", "note", " " + months[m]));
        if (ax) add(li, document.createTextNode(" "), anchor("https://arxiv.org/abs/" + encodeURI(ax), "arXiv " + ax));
        ul.appendChild(li);
      }
      body.appendChild(ul);
    }
    body.appendChild(el("p", "note", "This " + kind.toLowerCase() + " is in the build but not in this page, which holds the " +
      drawnEntities + " entities with most papers. Its papers and claims are in the build's RDF and API " +
      "(papergraph query), or in a page built with a larger --max-html-entities."));
  }
  function openPanel(id) {
    body.replaceChildren();
    panel.dataset.node = id;
    panel.classList.toggle("wide", Boolean(boardOf(id)));
    if (communityOf(id) >= 0) communityPanel(communityOf(id));
    else if (boardOf(id)) boardPanel(boardOf(id));
    else if (otherIndex(id) >= 0) otherPanel(id);
    else if (data.papers[id]) paperPanel(id);
    else if (data.entities[id]) entityPanel(id);
    else if (data.results[id]) resultPanel(id);
    else add(body, el("h2", null, labelOf(id)));
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closePanel() {
    trail.length = 0;
    renderTrail();
    panel.hidden = true;
    panel.classList.remove("wide");
    delete panel.dataset.node;
    network.unselectAll();
    clearOnDemandPapers();
    unspotlight();
    applyFilters();
  }

  // ---- communities: islands of entities named together, each drawn as a hull with a title ----
  const communities = data.communities || [];
  const COMMUNITY_PX = 13, COMMUNITY_FONT = "600 " + COMMUNITY_PX + "px system-ui, sans-serif";
  const COMMUNITY_PAPERS = 60;  // papers listed in a community's panel
  const HULL_MARGIN = 30;       // canvas pixels between a hull and its outermost entity
  const hullOn = [];            // community -> at least two of its entities are drawn
  let communityLabels = [];     // titles placed by relabel(): {c, text, box}
  let membersCache = null;
  function communityMembers(c) {
    if (!membersCache) {
      membersCache = communities.map(() => []);
      for (const [id, rec] of Object.entries(data.entities)) if (rec.cm !== undefined && membersCache[rec.cm]) membersCache[rec.cm].push(id);
      for (const m of membersCache) m.sort((a, b) => data.entities[a].rk - data.entities[b].rk);
    }
    return membersCache[c] || [];
  }
  // The page's papers (in the time range) naming the community's entities: those naming most of them first, then the newest.
  function communityPapers(c) {
    const count = new Map();
    for (const e of communityMembers(c)) for (const p of papersOfEntity(e)) count.set(p, (count.get(p) || 0) + 1);
    return sortByPaperDate(Array.from(count.keys()).filter(paperInRange)).sort((a, b) => count.get(b) - count.get(a));
  }
  // A hull wraps the community's drawn entities (not all it holds), so it follows the filters.
  const hulls = [];
  function updateHulls() {
    const pts = communities.map(() => []);
    nodes.forEach((node) => {
      const rec = node.hidden || node.kind === "Paper" ? null : data.entities[node.id];
      if (rec && rec.cm !== undefined && rec.cm < pts.length) pts[rec.cm].push(node);
    });
    communities.forEach((c, i) => {
      const ps = pts[i];
      hullOn[i] = ps.length >= 2;
      if (!hullOn[i]) return;
      const x = ps.reduce((s, n) => s + n.x, 0) / ps.length, y = ps.reduce((s, n) => s + n.y, 0) / ps.length;
      hulls[i] = { x: x, y: y, r: Math.max(...ps.map((n) => Math.hypot(n.x - x, n.y - y) + (n.size || MIN_SIZE))) + HULL_MARGIN };
    });
  }
  // Fit the drawn nodes and hulls into the part of the canvas the toolbar leaves free.
  function fitDrawn() {
    updateHulls();
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    const grow = (x, y, r) => { x0 = Math.min(x0, x - r); x1 = Math.max(x1, x + r); y0 = Math.min(y0, y - r); y1 = Math.max(y1, y + r); };
    nodes.forEach((n) => { if (!n.hidden) grow(n.x, n.y, (n.size || MIN_SIZE) + LABEL_PX * 2); });
    communities.forEach((c, i) => { if (hullOn[i]) grow(hulls[i].x, hulls[i].y, hulls[i].r); });
    if (x0 > x1) { network.fit({ animation: false }); return; }
    const left = Math.min(document.getElementById("toolbar").getBoundingClientRect().right, container.clientWidth / 2);
    const w = Math.max(100, container.clientWidth - left - 24), h = Math.max(100, container.clientHeight - 24);
    const scale = Math.min(1.5, w / (x1 - x0), h / (y1 - y0));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, offset: { x: left / 2, y: 0 }, animation: false });
  }
  // Titles go first, so the entities' labels are placed around them; each only where it fits.
  function placeCommunityLabels(free) {
    const out = [];
    const fc = communityOf(focus.id);
    if (focus.id && fc < 0) return out;
    const scale = network.getScale(), w = container.clientWidth, h = container.clientHeight;
    measure.font = COMMUNITY_FONT;
    communities.forEach((c, i) => {
      const hl = hulls[i];
      if (!hullOn[i] || (fc >= 0 && fc !== i) || hl.r * scale < 40) return;
      const text = shorten(c.n, 56);
      const top = network.canvasToDOM({ x: hl.x, y: hl.y - hl.r });
      const half = measure.measureText(text).width / 2 + 4;
      const box = { x0: top.x - half, x1: top.x + half, y0: top.y + 2, y1: top.y + COMMUNITY_PX + 8 };
      if (box.x0 < 0 || box.x1 > w || box.y0 < 0 || box.y1 > h) return;
      if (free(box)) out.push({ c: i, text: text, box: box });
    });
    measure.font = labelFont();
    return out;
  }
  function drawHulls(ctx) {
    const fc = communityOf(focus.id);
    communities.forEach((c, i) => {
      if (!hullOn[i]) return;
      const hl = hulls[i];
      ctx.beginPath();
      ctx.arc(hl.x, hl.y, hl.r, 0, 2 * Math.PI);
      ctx.fillStyle = fc === i ? "rgba(61, 90, 128, 0.12)" : focus.id ? "rgba(61, 90, 128, 0.025)" : "rgba(61, 90, 128, 0.055)";
      ctx.fill();
    });
  }
  function drawCommunityLabels(ctx) {
    if (!communityLabels.length) return;
    const scale = network.getScale();
    ctx.save();
    ctx.font = "600 " + (COMMUNITY_PX / scale) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = "#fbfbfc";
    ctx.fillStyle = "#3d5a80";
    for (const l of communityLabels) {
      const hl = hulls[l.c], y = hl.y - hl.r + 5 / scale;
      ctx.strokeText(l.text, hl.x, y);
      ctx.fillText(l.text, hl.x, y);
    }
    ctx.restore();
  }
  // A click on a title opens its community; so does a click inside a hull (the smallest one).
  function communityAt(dom, canvas) {
    for (const l of communityLabels) if (dom.x >= l.box.x0 && dom.x <= l.box.x1 && dom.y >= l.box.y0 && dom.y <= l.box.y1) return l.c;
    let best = -1;
    communities.forEach((c, i) => {
      const hl = hulls[i];
      if (hullOn[i] && Math.hypot(canvas.x - hl.x, canvas.y - hl.y) <= hl.r && (best < 0 || hl.r < hulls[best].r)) best = i;
    });
    return best;
  }
  function communityPanel(c) {
    const com = communities[c];
    add(body, badge("Community"), el("h2", null, com.n));
    add(body, el("p", "meta", com.m + " entities \u00b7 " + com.np.toLocaleString("en") + " papers in the build name one of them"));
    const members = communityMembers(c);
    const rows = members.map((e) => [nodeLink(e, data.entities[e].l, false), badge(data.entities[e].k), String(papersInRange(e))]);
    add(body, el("h3", null, "Entities (" + members.length + ")"), makeSortable(table(["Entity", "Kind", "Papers"], rows)));
    const ps = communityPapers(c);
    add(body, el("h3", null, "Papers (" + ps.length + ")"));
    if (!fullRange()) body.appendChild(el("p", "note", "Papers of " + rangeText() + " only."));
    body.appendChild(paperList(ps.slice(0, COMMUNITY_PAPERS)));
    if (ps.length > COMMUNITY_PAPERS) body.appendChild(el("p", "note", (ps.length - COMMUNITY_PAPERS) + " more: open an entity to list its papers."));
  }
  // Show a circle of the canvas in the part the toolbar and the panel leave free.
  function showCircle(x, y, r) {
    const left = document.getElementById("toolbar").getBoundingClientRect().right;
    const covered = panel.hidden ? 0 : panel.offsetWidth;
    const free = Math.max(120, container.clientWidth - covered - left);
    const scale = Math.min(1.5, Math.min(free, container.clientHeight - 60) / (2 * r + 40));
    network.moveTo({ position: { x: x, y: y }, scale: scale, offset: { x: (left - covered) / 2, y: 0 }, animation: false });
  }
  function focusCommunity(id) {
    const c = communityOf(id), com = communities[c];
    unspotlight();
    network.unselectAll();
    const members = communityMembers(c);
    focus.show = new Set(members);  // every entity of the community is drawn while it is open
    drawMany(communityPapers(c).slice(0, PAPERS_ON_OPEN));
    openPanel(id);
    applyFilters();
    const bright = members.filter((n) => nodes.get(n) && !nodes.get(n).hidden);
    for (const p of nodes.getIds({ filter: (n) => n.kind === "Paper" && !n.hidden })) if (data.papers[p].links.some((l) => focus.show.has(l[0]))) bright.push(p);
    const hl = hulls[c] || com;
    showCircle(hl.x, hl.y, hl.r);
    spotlight(id, bright);
  }
  function buildCommunityList() {
    const box = document.getElementById("communities");
    const list = document.getElementById("community-list");
    list.hidden = !communities.length;
    list.querySelector("summary").textContent = "Communities (" + communities.length + ")";
    communities.forEach((c, i) => {
      const b = el("button", "hit", shorten(c.n, 60));
      b.type = "button";
      b.dataset.node = COMMUNITY + i;
      b.appendChild(el("span", "note", " " + c.m + " entities"));
      b.addEventListener("click", () => focusNode(COMMUNITY + i));
      box.appendChild(b);
    });
  }

  // ---- leaderboards: one table per dataset and metric, as a view of its own ----
  function allBoards() {
    const out = [];
    for (const [ds, rec] of Object.entries(data.entities)) if (rec.lb) rec.lb.t.forEach((t, i) => { if (t.r.length) out.push({ ds: ds, i: i, t: t }); });
    return out.sort((a, b) => b.t.r.length - a.t.r.length || (a.ds < b.ds ? -1 : a.ds > b.ds ? 1 : a.i - b.i));
  }
  function boardLink(id, text) {
    const b = el("button", "link", text);
    b.type = "button";
    b.dataset.board = id;
    b.addEventListener("click", (ev) => { ev.stopPropagation(); focusNode(id); });
    return b;
  }
  function boardButton(ds, i) {
    const b = boardLink(boardId(ds, i), "open as a table");
    b.className = "link open-board";
    return b;
  }
  function boardPanel(b) {
    if (b.list) { boardListPanel(); return; }
    const ds = data.entities[b.ds], t = b.t;
    add(body, badge("Leaderboard"), el("h2", null, ds.l + " \u00b7 " + t.m + (t.u ? " (" + t.u + ")" : "")));
    const arrow = ARROW[t.dir];
    add(body, add(el("p", "meta"), document.createTextNode((arrow ? arrow[0] + " " + arrow[1] : "direction unknown: paper order") + " \u00b7 dataset "),
      nodeLink(b.ds, ds.l, false), document.createTextNode(" \u00b7 "), boardLink(BOARD, "all leaderboards")));
    const rows = t.r.filter((rid) => claimShown(data.results[rid]));
    const items = rows.map((rid, k) => {
      const it = claimRow(rid, b.ds, null);
      const r = it.r;
      it.cells = [String(k + 1), it.cells[0], it.cells[2], it.cells[3], (data.papers[r.p] || {}).d || "\u2014",
        typeof r.c === "number" ? r.c.toFixed(2) : "\u2014"];
      return it;
    });
    if (items.length) body.appendChild(makeSortable(claimTable(["#", "Method", "Value", "Paper", "Date", "Conf."], items)));
    else body.appendChild(el("p", "note", "No claim on this leaderboard passes the filters."));
    add(body, ...hiddenNotes(t.r));
    if (!fullRange()) body.appendChild(el("p", "note", "Claims of " + rangeText() + " only."));
    body.appendChild(el("p", "note", "Click a row to read its sentence, a paper to open it."));
  }
  function boardListPanel() {
    add(body, badge("Leaderboard"), el("h2", null, "Leaderboards"));
    const boards = allBoards();
    add(body, el("p", "meta", boards.length + " tables, one per dataset and metric with ranked claims on this page"));
    const rows = boards.map((b) => {
      const shown = b.t.r.filter((rid) => claimShown(data.results[rid]));
      const best = shown.length ? data.results[shown[0]] : null;
      return [nodeLink(b.ds, data.entities[b.ds].l, false), boardLink(boardId(b.ds, b.i), b.t.m + (b.t.u ? " (" + b.t.u + ")" : "")),
        String(shown.length), best ? entityCell(best, "hasMethod", best.me) : el("span", null, "\u2014"), best ? claimValue(best) : "\u2014"];
    });
    body.appendChild(makeSortable(table(["Dataset", "Metric", "Claims", "Best", "Value"], rows)));
  }
  function focusBoard(id) {
    const b = boardOf(id);
    unspotlight();
    network.unselectAll();
    openPanel(id);
    if (b.list) { applyFilters(); return; }
    const bright = [b.ds].concat(b.t.r.map((rid) => data.results[rid].e.hasMethod)).filter((n) => n && nodes.get(n));
    applyFilters();
    spotlight(id, bright);
  }
  function buildBoardButton() {
    const b = document.getElementById("boards-open");
    const n = allBoards().length;
    b.hidden = n === 0;
    b.textContent = "Leaderboards (" + n + ")";
    b.addEventListener("click", () => focusNode(BOARD));
  }

  // ---- wiring ----
  buildLegend();
  buildControls();
  timings.controls = performance.now();
  buildSearch();
  timings.search = performance.now();
  buildCommunityList();
  buildBoardButton();
  timings.lists = performance.now();
  applyFilters(true);  // labels are placed once the view is fitted
  timings.filters = performance.now();
  fitDrawn();
  relabel();
  renderTrail();
  timings.ui = performance.now();
  document.getElementById("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); runSearch(true); });
  document.getElementById("search").addEventListener("input", (ev) => {
    // Picking a datalist entry fires an input event without a typing inputType.
    if (!ev.inputType || ev.inputType === "insertReplacementText") runSearch(false);
    else showHits(ev.target.value);
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !panel.hidden) closePanel(); });
  network.on("click", (params) => {
    if (params.nodes.length) { focusNode(params.nodes[0]); return; }
    const c = communityAt(params.pointer.DOM, params.pointer.canvas);
    if (c >= 0) focusNode(COMMUNITY + c);
  });
  network.on("beforeDrawing", drawHulls);
  network.on("afterDrawing", drawCommunityLabels);
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);
  network.on("resize", relabelSoon);
  network.on("animationFinished", relabel);
  network.once("afterDrawing", () => {
    window.papergraphReadyMs = timings.ready = performance.now();
    window.papergraphTimings = timings;
    document.body.dataset.ready = "1";
  });
  window.papergraph = {
    network: network, nodes: nodes, edges: edges, data: data, state: state, focusNode: focusNode,
    openPanel: openPanel, setKind: setKind, applyFilters: applyFilters, relabel: relabel,
    backToOverview: backToOverview, communityLabels: () => communityLabels, hulls: () => hulls,
  };
})();

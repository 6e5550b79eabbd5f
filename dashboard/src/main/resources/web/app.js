// stratmon dashboard page: picks a dashboard (or the explore view, or the SQL box), lays out its panels in fixed
// boxes, and fills them: live over Server-Sent Events (the server pushes changed panels every second), or once per
// panel for a fixed range. The page sends names and parameters only; SQL lives in dashboard files on the server.
(function () {
  'use strict';
  const P = window.StratmonPanels;
  const A = window.StratmonAlerts;
  const el = P.el;
  const RANGES = ['5m', '15m', '1h', '6h', '24h', '7d'];
  const ALL = '$__all';
  // marks: ms since navigation when the page got its list, its panels, its stream, its first and its last panel;
  // timeline: each panel's first answer (how it came, when, how long drawing it took), for the benchmark.
  const S = window.stratmon = { panels: {}, sseEvents: 0, ticks: 0, firstFullRenderMs: null, view: null, ready: false, marks: {}, timeline: [],
    pixels: id => { const p = panels.get(id); return p && p.renderer.pixels ? p.renderer.pixels() : null; } };
  const state = { view: 'dashboard', dashboard: 'default', range: '15m', from: null, to: null, live: true,
    filter: { table: '', level: '', q: '' }, vars: {}, explore: { table: '', column: '', group: null, agg: 'avg' } };
  let info = null;          // /api/dashboards answer
  let panels = new Map();   // id -> { def, section, body, msg, renderer, page, seen }
  let source = null;        // the live EventSource
  let generation = 0;       // bumps on every rebuild; late answers for an old layout are dropped
  const main = document.getElementById('main');
  const status = document.getElementById('status');

  // --- URL state: #view=dashboard&d=default&range=15m (or &from=ISO&to=ISO) ------------------------------------
  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    state.view = ['dashboard', 'explore', 'sql', 'alerts'].includes(h.get('view')) ? h.get('view') : 'dashboard';
    state.dashboard = h.get('d') || 'default';
    state.from = h.get('from'); state.to = h.get('to');
    state.range = h.get('range') || state.range;
    state.live = !(state.from && state.to) && h.get('live') !== 'off';
    for (const k of ['table', 'column', 'group', 'agg']) if (h.get(k) != null) state.explore[k] = h.get(k);
    // Dashboard variables, as Grafana writes them: var-host=a (absent: all).
    if (state.view === 'dashboard') state.vars = {};
    for (const [k, v] of h.entries()) if (k.startsWith('var-') && v && v !== ALL) state.vars[k.slice(4)] = v;
  }

  function writeHash() {
    const h = new URLSearchParams();
    h.set('view', state.view);
    if (state.view === 'dashboard') h.set('d', state.dashboard);
    if (state.from && state.to) { h.set('from', state.from); h.set('to', state.to); } else { h.set('range', state.range); if (!state.live) h.set('live', 'off'); }
    if (state.view === 'explore') for (const k of ['table', 'column', 'group', 'agg']) if (state.explore[k] != null) h.set(k, state.explore[k]);
    if (state.view === 'dashboard') varParams(h);
    const next = '#' + h.toString();
    S.ready = false; // until the new view has drawn (hashchange fires later; readers must not see the old view as ready)
    if (location.hash !== next) location.hash = next; else go();
  }

  async function getJson(url, init) {
    const res = await fetch(url, Object.assign({ cache: 'no-store' }, init));
    let body = null;
    try { body = await res.json(); } catch (e) { body = { error: res.statusText }; }
    if (!res.ok) { const err = new Error(body.error || res.statusText); err.body = body; err.status = res.status; throw err; }
    return body;
  }

  // The definition changes only with its file: revalidated (ETag, 304), not fetched again.
  function definition(id) {
    return getJson('/api/dashboards/' + encodeURIComponent(id), { cache: 'no-cache' });
  }

  function timeParams() {
    const q = new URLSearchParams();
    if (state.from && state.to) { q.set('from', state.from); q.set('to', state.to); } else q.set('range', state.range);
    return q;
  }

  function varParams(q) {
    for (const [k, v] of Object.entries(state.vars)) if (v) q.set('var-' + k, v);
    return q;
  }

  function setStatus(text, cls) { status.textContent = text; status.className = 'status ' + (cls || ''); }

  // --- Header controls ---------------------------------------------------------------------------------------
  const rangeBox = document.getElementById('ranges');
  RANGES.forEach(r => {
    const b = el('button', 'range', r);
    b.dataset.range = r;
    b.onclick = () => { state.range = r; state.from = state.to = null; state.live = true; writeHash(); };
    rangeBox.appendChild(b);
  });
  const customBtn = el('button', 'range', 'custom');
  customBtn.dataset.range = 'custom';
  rangeBox.appendChild(customBtn);
  const custom = document.getElementById('custom');
  customBtn.onclick = () => {
    custom.hidden = !custom.hidden;
    if (!custom.hidden) {
      const to = state.to ? new Date(state.to) : new Date();
      const from = state.from ? new Date(state.from) : new Date(to.getTime() - 3600e3);
      custom.querySelector('[name=from]').value = local(from);
      custom.querySelector('[name=to]').value = local(to);
    }
  };
  custom.onsubmit = e => {
    e.preventDefault();
    const from = new Date(custom.querySelector('[name=from]').value), to = new Date(custom.querySelector('[name=to]').value);
    if (!(from < to)) { setStatus('custom range: "from" must be before "to"', 'bad'); return; }
    custom.hidden = true;
    state.from = from.toISOString(); state.to = to.toISOString(); state.live = false;
    writeHash();
  };
  function local(d) { const z = new Date(d.getTime() - d.getTimezoneOffset() * 60000); return z.toISOString().slice(0, 19); }

  const liveBtn = document.getElementById('live');
  liveBtn.onclick = () => {
    if (state.from && state.to) { state.from = state.to = null; state.live = true; }
    else state.live = !state.live;
    writeHash();
  };
  document.getElementById('dashboard').onchange = e => { state.view = 'dashboard'; state.dashboard = e.target.value; writeHash(); };
  document.querySelectorAll('nav [data-view]').forEach(a => a.onclick = e => { e.preventDefault(); state.view = a.dataset.view; writeHash(); });

  function syncHeader() {
    rangeBox.querySelectorAll('button').forEach(b => b.classList.toggle('on',
      b.dataset.range === 'custom' ? !!(state.from && state.to) : !(state.from && state.to) && b.dataset.range === state.range));
    liveBtn.classList.toggle('on', state.live);
    liveBtn.textContent = state.live ? '● live' : (state.from && state.to ? '↺ back to live' : '❚❚ paused');
    document.querySelectorAll('nav [data-view]').forEach(a => a.classList.toggle('on', a.dataset.view === state.view));
    document.getElementById('dashboard').value = state.dashboard;
    document.getElementById('time-controls').style.visibility = state.view === 'sql' ? 'hidden' : '';
  }

  // --- Views ---------------------------------------------------------------------------------------------------
  async function go() {
    stopLive();
    generation++;
    panels = new Map();
    firstAnswers = [];
    S.panels = {}; S.firstFullRenderMs = null; S.ready = false; S.view = state.view; S.marks = { start: Math.round(performance.now()) }; S.timeline = [];
    syncHeader();
    main.replaceChildren();
    main.className = 'view-' + state.view;
    varBox.replaceChildren();
    A.leave();
    try {
      if (state.view === 'explore') await exploreView();
      else if (state.view === 'alerts') source = A.view(main, { query: timeParams(), live: state.live && !(state.from && state.to), setStatus });
      else if (state.view === 'sql') sqlView();
      else await dashboardView();
    } catch (e) {
      showProblem('Cannot show this view', [e.message]);
    }
  }

  function showProblem(title, problems, source) {
    const box = el('section', 'problem');
    box.appendChild(el('h2', null, title));
    if (source) box.appendChild(el('p', 'source', source));
    const ul = el('ul');
    problems.forEach(p => ul.appendChild(el('li', null, p)));
    box.appendChild(ul);
    main.replaceChildren(box);
    setStatus(title, 'bad');
  }

  async function dashboardView() {
    // Came with the list at start when the URL named this dashboard: one round trip fewer before the panels.
    const early = info.definition && info.definition.id === state.dashboard ? info.definition : null;
    delete info.definition;
    const entry = info.dashboards.find(d => d.id === state.dashboard);
    if (!entry) { showProblem('No such dashboard: ' + state.dashboard, ['Pick one from the list above.']); return; }
    if (entry.problems) {
      showProblem('Dashboard file "' + entry.id + '" has errors and cannot be shown', entry.problems, entry.source);
      return;
    }
    const def = await (early || definition(state.dashboard));
    S.marks.definition = Math.round(performance.now());
    document.title = def.title + ' · stratmon';
    const grid = el('div', 'grid12');
    main.appendChild(grid);
    def.panels.forEach(p => addPanel(grid, p));
    // Unknown names in the URL (a variable removed from the file) are dropped rather than refused by the server.
    const known = (def.variables || []).map(v => v.name);
    for (const k of Object.keys(state.vars)) if (!known.includes(k)) delete state.vars[k];
    showVariables(def.variables || []);
    start();
  }

  // --- Variables: one selector per variable, values from the data in the current range; "All" = no filter --------
  const varBox = document.getElementById('variables');
  function showVariables(vars) {
    varBox.replaceChildren();
    if (!vars.length) return;
    const gen = generation;
    const selects = vars.map(v => {
      const s = el('select');
      s.dataset.variable = v.name;
      s.title = v.label + ': values in the range shown; All = no filter';
      s.appendChild(new Option(v.label + ': All', ''));
      if (state.vars[v.name]) s.appendChild(new Option(v.label + ': ' + state.vars[v.name], state.vars[v.name]));
      s.value = state.vars[v.name] || '';
      s.onchange = () => { if (s.value) state.vars[v.name] = s.value; else delete state.vars[v.name]; writeHash(); };
      varBox.appendChild(s);
      return s;
    });
    const query = timeParams();
    afterFirstAnswers(() => gen === generation && getJson('/api/dashboards/' + encodeURIComponent(state.dashboard) + '/variables?' + query).then(r => {
      if (gen !== generation) return;
      r.variables.forEach((v, i) => {
        const s = selects[i], chosen = state.vars[v.name] || '';
        const values = v.values.includes(chosen) || !chosen ? v.values : [chosen, ...v.values];
        s.replaceChildren(new Option(v.label + ': All', ''), ...values.map(x => new Option(v.label + ': ' + x, x)));
        s.value = chosen;
        s.disabled = values.length === 0;
        s.dataset.loaded = 'true';
      });
    }).catch(e => setStatus('variables: ' + e.message, 'bad')));
  }

  function addPanel(grid, def) {
    const section = el('section', 'panel kind-' + def.kind);
    section.dataset.panel = def.id;
    section.dataset.state = 'loading';
    section.style.gridColumn = 'span ' + def.width;
    const head = el('header');
    const title = el('h2', null, def.title);
    const meta = el('span', 'meta', '');
    const sqlBtn = el('button', 'sql-btn', 'SQL');
    sqlBtn.title = 'Show the SQL of this panel (read-only; it lives in the dashboard file)';
    head.append(title, meta);
    if (def.sql && def.sql.length) head.appendChild(sqlBtn);
    const body = el('div', 'body');
    const msg = el('div', 'msg', 'loading…');
    const sqlBox = el('pre', 'sql-box');
    sqlBox.hidden = true;
    sqlBox.textContent = (def.sql || []).join('\n\n');
    sqlBtn.onclick = () => { sqlBox.hidden = !sqlBox.hidden; };
    section.append(head, body, msg, sqlBox);
    grid.appendChild(section);
    const entry = { def, section, body, msg, meta, page: 0, seen: false, renderer: null };
    const hooks = {
      zoom: (from, to) => { state.from = new Date(from * 1000).toISOString(); state.to = new Date(to * 1000).toISOString(); state.live = false; writeHash(); },
      page: page => { entry.page = Math.max(0, page); fetchPanel(entry); },
      filter: f => { state.filter = f; panels.forEach(p => { if (p.def.kind === 'events') { p.page = 0; fetchPanel(p); } }); if (source) startLive(); },
    };
    entry.renderer = P[def.kind](def, body, hooks);
    panels.set(def.id, entry);
    S.panels[def.id] = { kind: def.kind, state: 'loading', updates: 0 };
  }

  function apply(result, gen, via) {
    if (gen !== generation) return;
    const entry = panels.get(result.panel);
    if (!entry) return;
    const t0 = performance.now();
    const info = S.panels[result.panel];
    entry.section.dataset.state = result.state;
    info.state = result.state;
    info.message = result.message || null;
    info.intervalMs = result.intervalMs;
    info.from = result.from; info.to = result.to;
    info.ms = result.ms;
    if (result.state === 'ok') {
      entry.msg.textContent = '';
      Object.assign(info, entry.renderer.render(result));
      // Bucket and query time; stat tiles are too narrow for it, so there it is a tooltip.
      const meta = (entry.def.kind === 'timeseries' ? bucket(result.intervalMs) + ' · ' : '') + result.ms + ' ms';
      if (entry.def.kind === 'stat') entry.section.title = 'query ' + meta; else entry.meta.textContent = meta;
      if (info.points === 0) { entry.msg.textContent = 'no data in this range'; entry.section.dataset.state = 'nodata'; }
    } else {
      entry.msg.textContent = result.state === 'error' ? '⚠ ' + result.message : result.message;
      entry.meta.textContent = '';
    }
    info.updates++;
    if (!entry.seen) {
      entry.seen = true;
      S.timeline.push({ panel: result.panel, via: via || 'http', at: Math.round(t0), drawMs: Math.round((performance.now() - t0) * 10) / 10, queryMs: result.ms });
      if (S.marks.firstPanel == null) S.marks.firstPanel = Math.round(performance.now());
      if ([...panels.values()].every(p => p.seen)) {
        S.firstFullRenderMs = Math.round(performance.now());
        S.ready = true;
        const waiting = firstAnswers;
        firstAnswers = [];
        waiting.forEach(fn => fn());
      }
    }
  }

  function bucket(ms) {
    if (ms % 86400000 === 0) return ms / 86400000 + 'd';
    if (ms % 3600000 === 0) return ms / 3600000 + 'h';
    if (ms % 60000 === 0) return ms / 60000 + 'm';
    if (ms % 1000 === 0) return ms / 1000 + 's';
    return ms + 'ms';
  }

  function widthOf(entry) {
    return entry.renderer.plotWidth ? entry.renderer.plotWidth() : Math.max(100, entry.body.clientWidth);
  }

  function filterParams(q) {
    if (state.filter.table) q.set('table', state.filter.table);
    if (state.filter.level) q.set('level', state.filter.level);
    if (state.filter.q) q.set('q', state.filter.q);
    return q;
  }

  function panelUrl(entry) {
    const q = filterParams(timeParams());
    q.set('w', widthOf(entry));
    if (entry.page) q.set('page', entry.page);
    if (state.view === 'explore') return '/api/explore?' + exploreParams(q);
    return '/api/dashboards/' + encodeURIComponent(state.dashboard) + '/panels/' + encodeURIComponent(entry.def.id) + '?' + varParams(q);
  }

  async function fetchPanel(entry) {
    const gen = generation;
    // Answers can come back out of order (filters typed quickly): only the latest request of a panel may draw.
    const seq = entry.fetchSeq = (entry.fetchSeq || 0) + 1;
    let result;
    try {
      result = await getJson(panelUrl(entry));
    } catch (e) {
      result = { panel: entry.def.id, state: 'error', message: e.message };
    }
    if (seq === entry.fetchSeq) apply(result, gen);
  }

  function start() {
    // Alert bands shade the charts once they are there: asked for after the first answers, not beside them.
    const gen = generation;
    afterFirstAnswers(() => { if (gen === generation) A.loadBands(timeParams()); });
    // Live: the stream's first round runs every panel at once on the server and sends each answer as it is ready,
    // over one connection (19 plain requests would queue behind the browser's six connections per host).
    if (state.live && !(state.from && state.to)) startLive();
    else { panels.forEach(fetchPanel); setStatus(state.from ? 'fixed range ' + new Date(state.from).toLocaleString() + ' → ' + new Date(state.to).toLocaleString() : 'paused', ''); }
  }

  // Runs fn once every panel has its first answer (or after 3 s, whichever is first): the header's variable values
  // and the alert bands are not worth slowing the panels for.
  let firstAnswers = [];
  function afterFirstAnswers(fn) {
    if (S.ready) { fn(); return; }
    let done = false;
    const once = () => { if (!done) { done = true; fn(); } };
    firstAnswers.push(once);
    setTimeout(once, 3000);
  }

  function startLive() {
    stopLive();
    const gen = generation;
    const q = filterParams(timeParams());
    const px = [...panels.values()].map(p => p.def.id + ':' + widthOf(p)).join(',');
    q.set('px', px);
    const url = state.view === 'explore' ? '/api/explore/live?' + exploreParams(q) : '/api/live/' + encodeURIComponent(state.dashboard) + '?' + varParams(q);
    source = new EventSource(url);
    source.onopen = () => { if (S.marks.streamOpen == null) S.marks.streamOpen = Math.round(performance.now()); };
    A.listen(source);
    const rangeMs = rangeMillis(state.range);
    source.addEventListener('panel', e => {
      S.sseEvents++;
      const r = JSON.parse(e.data);
      const entry = panels.get(r.panel);
      if (entry && entry.page === 0) { entry.streamed = true; apply(r, gen, 'sse'); }
    });
    source.addEventListener('tick', e => {
      S.ticks++;
      const now = JSON.parse(e.data).now / 1000;
      panels.forEach(p => { if (p.renderer.slide) p.renderer.slide(now - rangeMs / 1000, now); });
      setStatus('live · ' + new Date(now * 1000).toLocaleTimeString('en-GB', { hour12: false }), 'ok');
    });
    source.addEventListener('failure', e => {
      const error = JSON.parse(e.data).error;
      setStatus('live mode refused: ' + error, 'bad');
      stopLive();
      // The panels would wait for answers that never come: each says why instead of "loading…".
      panels.forEach(p => { if (!p.seen) apply({ panel: p.def.id, state: 'error', message: error }, gen, 'sse'); });
    });
    source.onerror = () => setStatus('live · reconnecting…', 'bad');
  }

  function stopLive() { if (source) { source.close(); source = null; } }

  function rangeMillis(r) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(r) || [0, 15, 'm'];
    return +m[1] * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2]];
  }

  // --- Explore: any table, a numeric column, optional group-by symbol --------------------------------------------
  function exploreParams(q) {
    for (const k of ['table', 'column', 'group', 'agg']) if (state.explore[k] != null && (state.explore[k] || k === 'group')) q.set(k, state.explore[k]);
    return q;
  }

  async function exploreView() {
    document.title = 'Explore · stratmon';
    const schema = await getJson('/api/explore/tables' + (state.explore.table ? '?table=' + encodeURIComponent(state.explore.table) : ''));
    const form = el('form', 'explore-form');
    const pick = (name, options, label) => {
      const s = el('select'); s.name = name;
      options.forEach(([v, t]) => s.appendChild(new Option(t, v)));
      const l = el('label', null, label + ' '); l.appendChild(s); form.appendChild(l);
      return s;
    };
    const tables = schema.tables;
    if (!state.explore.table && tables.length) state.explore.table = (tables.find(t => t.table === 'price') || tables[0]).table;
    const t = tables.find(x => x.table === state.explore.table) || tables[0];
    if (!t) { showProblem('No tables yet', ['QuestDB has no table with a designated timestamp yet.']); return; }
    // A link to a table QuestDB does not have (dropped, mistyped) shows the first one, and says so.
    const missing = state.explore.table && state.explore.table !== t.table ? state.explore.table : null;
    state.explore.table = t.table;
    if (!t.numeric.includes(state.explore.column)) state.explore.column = t.numeric[0] || '';
    // No numeric column (only text and symbols): its row count is the one thing to chart.
    if (!t.numeric.length) state.explore.agg = 'count';
    // Not chosen yet: the table's symbol column, so that BTC and SOL are never averaged into one line.
    if (state.explore.group == null) state.explore.group = t.defaultGroup || '';
    if (state.explore.group && !t.symbols.includes(state.explore.group)) state.explore.group = '';
    const table = pick('table', tables.map(x => [x.table, x.table]), 'table');
    const column = pick('column', t.numeric.map(c => [c, c]), 'column');
    const agg = pick('agg', schema.aggregates.map(a => [a, a]), 'aggregate');
    const group = pick('group', [['', '(none)'], ...t.symbols.map(c => [c, c])], 'group by');
    table.value = state.explore.table; column.value = state.explore.column; agg.value = state.explore.agg; group.value = state.explore.group;
    form.onchange = () => {
      state.explore = { table: table.value, column: table.value === t.table ? column.value : '', group: table.value === t.table ? group.value : null, agg: agg.value };
      writeHash();
    };
    if (missing) form.appendChild(el('span', 'explore-note', 'no table "' + missing + '" in QuestDB: showing ' + t.table));
    main.appendChild(form);
    const grid = el('div', 'grid12');
    main.appendChild(grid);
    addPanel(grid, { id: 'explore', title: state.explore.agg + '(' + (state.explore.agg === 'count' ? '' : state.explore.column) + ') of ' + t.table
        + (state.explore.group ? ' by ' + state.explore.group : ''), kind: 'timeseries', unit: '', width: 12, groupBy: state.explore.group || null,
      split: false, band: [], rightAxis: [], thresholds: [], decimals: null, pageSize: 50, emptyText: 'no data', sql: [] });
    panels.get('explore').section.classList.add('tall');
    start();
  }

  // --- The ad-hoc SQL box: read-only statements only; the server refuses the rest with 403 ----------------------
  function sqlView() {
    document.title = 'SQL · stratmon';
    if (!info.adhocSql) { showProblem('The ad-hoc SQL box is turned off', ['Set dashboard.adhoc_sql to enable it.']); return; }
    const form = el('form', 'sql-form');
    const text = el('textarea'); text.name = 'sql'; text.rows = 6; text.spellcheck = false;
    text.value = sessionStorage.getItem('stratmon.sql') || 'SELECT * FROM fill ORDER BY timestamp DESC LIMIT 20';
    const run = el('button', null, 'Run (Ctrl+Enter)');
    const note = el('span', 'muted', 'One read-only statement: SELECT, WITH, SHOW or EXPLAIN. Rows and time are capped.');
    form.append(text, el('div', 'row')); form.lastChild.append(run, note);
    const out = el('div', 'sql-out');
    main.append(form, out);
    text.onkeydown = e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); } };
    form.onsubmit = async e => {
      e.preventDefault();
      sessionStorage.setItem('stratmon.sql', text.value);
      out.replaceChildren(el('p', 'muted', 'running…'));
      try {
        const r = await getJson('/api/sql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: text.value }) });
        const t = el('table', 'grid');
        const head = el('tr'); r.columns.forEach(c => head.appendChild(el('th', null, c.name)));
        t.appendChild(el('thead')).appendChild(head);
        const tb = t.appendChild(el('tbody'));
        r.rows.forEach(row => { const tr = el('tr'); row.forEach(v => tr.appendChild(el('td', typeof v === 'number' ? 'num' : null, v == null ? '' : String(v)))); tb.appendChild(tr); });
        out.replaceChildren(el('p', 'muted', r.rows.length + ' rows' + (r.truncated ? ' (capped)' : '') + ' · ' + r.ms + ' ms'), t);
      } catch (err) {
        out.replaceChildren(el('p', 'error', (err.status === 403 ? 'Refused: ' : 'Error: ') + err.message));
      }
    };
    setStatus('ad-hoc SQL (read-only)', '');
  }

  A.onBands = () => panels.forEach(p => { if (p.renderer.redraw) p.renderer.redraw(); });

  // --- Start -------------------------------------------------------------------------------------------------
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { panels.forEach(p => p.renderer.resize && p.renderer.resize()); if (source) startLive(); }, 250);
  });
  window.addEventListener('hashchange', () => { readHash(); go(); });

  async function init() {
    const wanted = new URLSearchParams(location.hash.slice(1));
    const first = (wanted.get('view') || 'dashboard') === 'dashboard' ? '?definition=' + encodeURIComponent(wanted.get('d') || 'default') : '';
    try {
      info = await getJson('/api/dashboards' + first);
    } catch (e) {
      showProblem('Cannot reach the stratmon server', [e.message]);
      return;
    }
    const select = document.getElementById('dashboard');
    select.replaceChildren(...info.dashboards.map(d => new Option((d.problems ? '⚠ ' : '') + d.title, d.id)));
    const broken = info.dashboards.filter(d => d.problems);
    const banner = document.getElementById('banner');
    if (broken.length) {
      banner.hidden = false;
      banner.textContent = '⚠ ' + broken.length + ' dashboard file' + (broken.length > 1 ? 's have' : ' has') + ' errors: '
        + broken.map(b => b.source + ' — ' + b.problems[0]).join(' · ');
    }
    document.querySelector('nav [data-view=sql]').hidden = !info.adhocSql;
    // A Grafana-style link, /?var-host=a#view=dashboard: the query's variables move into the hash the page keeps.
    const search = new URLSearchParams(location.search);
    const h = new URLSearchParams(location.hash.slice(1));
    let moved = false;
    for (const [k, v] of search.entries()) if (k.startsWith('var-') && !h.has(k)) { h.set(k, v); moved = true; }
    if (moved) history.replaceState(null, '', location.pathname + '#' + h.toString());
    readHash();
    go();
  }
  init();
})();

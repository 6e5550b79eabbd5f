// stratmon alerts on the page: the header badge, the Alerts view, and firing periods as shaded bands on the
// time-series charts. Read-only: the rules live in files on the server; nothing here can create, change or run them.
// The snapshot comes live as `event: alerts` on the page's SSE stream; when the page has no stream (SQL view, a paused
// or fixed range), it is fetched every 5 s instead.
(function () {
  'use strict';
  const P = window.StratmonPanels;
  const el = P.el;
  const FILL = { critical: 'rgba(248,81,73,0.17)', warning: 'rgba(219,142,43,0.17)', none: 'rgba(138,145,158,0.15)' };
  const EDGE = { critical: 'rgba(248,81,73,0.9)', warning: 'rgba(219,142,43,0.9)', none: 'rgba(138,145,158,0.8)' };
    // What tests (and curious humans) can read: window.StratmonAlerts.state.
  const state = { enabled: null, firing: 0, pending: 0, level: 'none', bands: 0, active: 0, rules: 0, history: 0, snapshots: 0 };
  const A = window.StratmonAlerts = { state, snapshot: null, bands: [], onBands: null };
  let lastSse = 0;          // when the last snapshot came over SSE (ms, client clock)
  let serverSkew = 0;       // server time minus client time, from the last tick
  let firingKey = null;     // the firing fingerprints, to refetch bands when one starts or ends
  let activeKey = null;     // fingerprint:state of everything active, to refetch the history when one moves on
  let bandsQuery = null;    // the time params of the charts on screen
  let bandsSeq = 0;
  let view = null;          // the open Alerts view, or null

  const badge = document.getElementById('alerts-badge');

  function now() { return Date.now() + serverSkew; }

  async function getJson(url) {
    const res = await fetch(url, { cache: 'no-store' });
    let body = null;
    try { body = await res.json(); } catch (e) { body = { error: res.statusText }; }
    if (!res.ok) throw new Error(body.error || res.statusText);
    return body;
  }

  // --- The snapshot and the badge ------------------------------------------------------------------------------
  function onSnapshot(s, fromSse) {
    if (fromSse) lastSse = Date.now();
    A.snapshot = s;
    state.snapshots++;
    state.enabled = s.enabled; state.firing = s.firing; state.pending = s.pending; state.level = s.level;
    badge.hidden = !s.enabled;
    badge.className = 'alerts-badge level-' + (s.firing ? s.level : 'idle');
    badge.querySelector('.count').textContent = s.firing;
    badge.querySelector('.word').textContent = 'firing';
    const firing = s.active.filter(a => a.state === 'firing');
    badge.title = s.error ? s.error : firing.length
      ? firing.map(a => a.name + (a.severity ? ' (' + a.severity + ')' : '')).join('\n')
      : 'No alert is firing' + (s.pending ? ' (' + s.pending + ' pending)' : '');
    const key = firing.map(a => a.fingerprint).sort().join(',');
    if (firingKey !== null && key !== firingKey && bandsQuery) loadBands(bandsQuery);
    const akey = s.active.map(a => a.fingerprint + ':' + a.state).sort().join(',');
    if (view && activeKey !== null && akey !== activeKey) view.loadHistory();
    firingKey = key; activeKey = akey;
    if (view) view.render(s);
  }

  async function poll() {
    if (Date.now() - lastSse < 4000) return;
    try { onSnapshot(await getJson('/api/alerts'), false); } catch (e) { /* the status line shows server trouble */ }
  }
  setInterval(poll, 5000);
  poll();

  /** Hooks for app.js: the page's SSE stream carries `alerts` and `tick` events. */
  A.listen = source => {
    source.addEventListener('alerts', e => onSnapshot(JSON.parse(e.data), true));
    source.addEventListener('tick', e => {
      // A stream that ticks also carries every change of the snapshot: no need to poll meanwhile.
      lastSse = Date.now();
      serverSkew = JSON.parse(e.data).now - Date.now();
      if (view) view.tick();
    });
  };

  badge.onclick = e => { e.preventDefault(); document.querySelector('nav [data-view=alerts]').click(); };

  // --- Bands on the time-series charts ----------------------------------------------------------------------
  /** Overlapping periods of one colour become one band, so stacked alerts do not darken the chart; red is drawn last. */
  function merge(bands) {
    const out = [];
    for (const level of ['none', 'warning', 'critical']) {
      const spans = bands.filter(b => b.level === level).map(b => [b.from, b.to == null ? Infinity : b.to]).sort((a, b) => a[0] - b[0]);
      let cur = null;
      for (const s of spans) {
        if (cur && s[0] <= cur.to) cur.to = Math.max(cur.to, s[1]);
        else out.push(cur = { level, from: s[0], to: s[1] });
      }
    }
    return out;
  }

  /** Fetches the firing periods for the charts' range (URLSearchParams of range or from/to) and redraws the charts. */
  async function loadBands(query) {
    bandsQuery = query;
    const seq = ++bandsSeq;
    let body;
    try { body = await getJson('/api/alerts/bands?' + query); } catch (e) { return; }
    if (seq !== bandsSeq) return;
    // The same bands as drawn (most often none and none): the charts need no redraw.
    const same = JSON.stringify(body.bands) === JSON.stringify(A.bands || []);
    A.bands = body.bands;
    A.drawn = merge(body.bands);
    state.bands = body.bands.length;
    if (A.onBands && !same) A.onBands();
  }
  A.loadBands = loadBands;
  A.drawn = [];

  /** uPlot `drawAxes` hook (after the grid, before the series): shades each firing period; an open one reaches the right edge. */
  A.drawBands = u => {
    const b = u.bbox;
    let drawn = 0;
    if (!A.drawn.length || b.width < 1) { u.root.dataset.alertBands = 0; return; }
    const min = u.scales.x.min, max = u.scales.x.max;
    const ctx = u.ctx;
    ctx.save();
    for (const band of A.drawn) {
      const from = Math.max(band.from / 1000, min), to = Math.min(band.to / 1000, max);
      if (!(to > from)) continue;
      const x0 = Math.round(u.valToPos(from, 'x', true)), x1 = Math.max(x0 + 2, Math.round(u.valToPos(to, 'x', true)));
      ctx.fillStyle = FILL[band.level] || FILL.none;
      ctx.fillRect(x0, b.top, x1 - x0, b.height);
      ctx.fillStyle = EDGE[band.level] || EDGE.none;
      ctx.fillRect(x0, b.top, x1 - x0, Math.max(2, Math.round(3 * devicePixelRatio)));
      drawn++;
    }
    ctx.restore();
    u.root.dataset.alertBands = drawn; // for tests: how many bands this chart shows
  };

  // --- The Alerts view -----------------------------------------------------------------------------------------
  function ago(ms) {
    if (ms == null) return '';
    let s = Math.max(0, Math.round((now() - ms) / 1000));
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return d ? d + 'd ' + h + 'h' : h ? h + 'h ' + m + 'm' : m ? m + 'm ' + s + 's' : s + 's';
  }

  function clock(ms) {
    if (ms == null) return '';
    const d = new Date(ms);
    const p = n => String(n).padStart(2, '0');
    return p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + d.toLocaleTimeString('en-GB', { hour12: false });
  }

  function labels(map, skip) {
    const box = el('span', 'labels');
    Object.keys(map || {}).filter(k => !(skip || []).includes(k)).forEach(k => box.appendChild(el('span', 'label', k + '=' + map[k])));
    return box;
  }

  function chip(text, cls) { return el('span', 'chip ' + cls, text); }

  function section(grid, cls, title, span) {
    const s = el('section', 'panel alerts-panel ' + cls);
    s.style.gridColumn = 'span ' + span;
    const head = el('header');
    const meta = el('span', 'meta', '');
    head.append(el('h2', null, title), meta);
    const body = el('div', 'table-wrap');
    const table = el('table', 'grid');
    body.appendChild(table);
    s.append(head, body);
    grid.appendChild(s);
    return { section: s, meta, table };
  }

  function fill(table, head, rows, empty) {
    const tr = el('tr');
    head.forEach(h => tr.appendChild(el('th', h.startsWith('#') ? 'num' : null, h.replace('#', ''))));
    const tbody = el('tbody');
    if (!rows.length) {
      const r = el('tr'); const td = el('td', 'none', empty); td.colSpan = head.length; r.appendChild(td); tbody.appendChild(r);
    } else rows.forEach(r => tbody.appendChild(r));
    const thead = el('thead'); thead.appendChild(tr);
    table.replaceChildren(thead, tbody);
  }

  function td(content, cls) {
    const c = el('td', cls || null);
    if (content instanceof Node) c.appendChild(content); else c.textContent = content == null ? '' : content;
    return c;
  }

  function value(v) { return v == null ? '' : P.fmt(v, null, ''); }

  /**
   * Builds the view into `main`. ctx: { query: URLSearchParams of the range, live: boolean, setStatus }.
   * Returns the EventSource of the live view (app.js closes it when the view changes), or null.
   */
  A.view = (main, ctx) => {
    document.title = 'Alerts · stratmon';
    const grid = el('div', 'grid12 alerts-view');
    main.appendChild(grid);
    const active = section(grid, 'alerts-active', 'Firing and pending now', 7);
    const rules = section(grid, 'alerts-rules', 'Rule health', 5);
    const history = section(grid, 'alerts-history', 'History (stratmon_alerts)', 12);
    const note = el('p', 'muted alerts-note', 'Rules are read from files by the alerts module ([alerts] rules in stratmon.toml); '
      + 'this page only shows them. Firing periods are also shaded on every time-series chart.');
    main.appendChild(note);
    let historySeq = 0;

    function renderActive(s) {
      const rows = s.active.map(a => {
        const tr = el('tr', 'alert-row state-' + a.state + ' level-' + a.level);
        tr.dataset.fingerprint = a.fingerprint;
        const since = a.state === 'firing' ? a.firingSince : a.activeAt;
        const sinceCell = td(ago(since), 'since');
        sinceCell.dataset.since = since == null ? '' : since;
        sinceCell.title = (a.state === 'firing' ? 'firing since ' : 'pending since ') + clock(since) + (a.activeAt != null ? ' · active since ' + clock(a.activeAt) : '');
        const summary = (a.annotations && (a.annotations.summary || a.annotations.description)) || '';
        tr.append(td(chip(a.state, 'state-' + a.state)), td(a.name, 'name'), td(a.severity ? chip(a.severity, 'level-' + a.level) : ''),
          td(labels(a.labels, ['alertname', 'severity'])), td(value(a.value), 'num'), sinceCell, td(summary, 'text'));
        return tr;
      });
      fill(active.table, ['state', 'alert', 'severity', 'labels', '#value', 'since', 'summary'], rows,
        s.enabled ? (s.error || 'Nothing is firing or pending.') : 'Alerting is off: no rule files are loaded ([alerts] rules in stratmon.toml).');
      active.meta.textContent = s.firing + ' firing · ' + s.pending + ' pending';
      state.active = s.active.length;
    }

    function renderRules(s) {
      const rows = s.rules.map(r => {
        const tr = el('tr', 'rule-row health-' + r.health);
        const err = td(r.lastError, 'text error-text'); err.title = r.lastError;
        tr.append(td(r.group), td(r.name, 'name'), td(chip(r.health, 'health-' + r.health)),
          td(r.lastEvaluation == null ? 'never' : ago(r.lastEvaluation) + ' ago', 'since'),
          td(r.lastDurationMs == null ? '' : P.fmt(r.lastDurationMs, 1, 'ms'), 'num'), td(r.errorsTotal, 'num'), err);
        return tr;
      });
      fill(rules.table, ['group', 'rule', 'health', 'evaluated', '#took', '#errors', 'last error'], rows, s.enabled ? 'No rules.' : 'No rules are loaded.');
      const bad = s.rules.filter(r => r.health === 'error').length;
      rules.meta.textContent = s.rules.length + ' rules' + (bad ? ' · ' + bad + ' failing' : '');
      state.rules = s.rules.length;
    }

    async function loadHistory() {
      const seq = ++historySeq;
      let body;
      try { body = await getJson('/api/alerts/history?' + ctx.query); } catch (e) {
        if (seq === historySeq) fill(history.table, ['error'], [], '⚠ ' + e.message);
        return;
      }
      if (seq !== historySeq) return;
      const rows = body.rows.map(t => {
        const tr = el('tr', 'history-row state-' + t.state);
        tr.append(td(clock(t.time), 'time'), td(chip(t.state, 'state-' + t.state)), td(t.alertname, 'name'),
          td(t.severity ? chip(t.severity, 'level-' + t.level) : ''), td(labels(t.labels, ['alertname', 'severity'])),
          td(value(t.value), 'num'), td(t.summary, 'text'));
        return tr;
      });
      fill(history.table, ['time', 'state', 'alert', 'severity', 'labels', '#value', 'summary'], rows,
        body.table ? 'No transitions in this range.' : 'No stratmon_alerts table yet: alerting has not written anything.');
      history.meta.textContent = body.rows.length + (body.truncated ? '+ (newest shown)' : '') + ' transitions';
      state.history = body.rows.length;
    }

    view = {
      render(s) { renderActive(s); renderRules(s); },
      tick() { active.table.querySelectorAll('td.since[data-since]').forEach(c => { if (c.dataset.since) c.textContent = ago(+c.dataset.since); }); },
      loadHistory,
    };
    if (A.snapshot) view.render(A.snapshot); else { fill(active.table, ['state'], [], 'loading…'); fill(rules.table, ['rule'], [], 'loading…'); }
    fill(history.table, ['time'], [], 'loading…');
    loadHistory();
    if (!ctx.live) {
      ctx.setStatus('alerts · history for a fixed range', '');
      return null;
    }
    const source = new EventSource('/api/alerts/live?' + ctx.query);
    A.listen(source);
    source.addEventListener('tick', e => ctx.setStatus('live · ' + new Date(JSON.parse(e.data).now).toLocaleTimeString('en-GB', { hour12: false }), 'ok'));
    source.addEventListener('failure', e => { ctx.setStatus('live mode refused: ' + JSON.parse(e.data).error, 'bad'); source.close(); });
    source.onerror = () => ctx.setStatus('live · reconnecting…', 'bad');
    return source;
  };

  /** app.js calls this when any view is built: the Alerts view stops updating when it is gone. */
  A.leave = () => { view = null; };
})();

// stratmon panels: one renderer per panel kind. Each renderer owns a fixed-size box (no layout jumps when data
// changes) and exposes what it shows in window.stratmon.panels[id] for tests and curious humans.
(function () {
  'use strict';
  const COLORS = ['#4fb3ff', '#ffb84f', '#7ee787', '#ff7b72', '#d2a8ff', '#f0e68c', '#56d4dd', '#ff9bce', '#a5d6ff', '#c9d1d9'];
  const NAMED = { green: '#3fb950', red: '#f85149', orange: '#db8e2b', yellow: '#e3b341', blue: '#4fb3ff', purple: '#bc8cff', gray: '#8b949e', text: '#d7dae0' };
  const GRID = '#232833', AXIS = '#8a919e';
  const HIDDEN_FIELDS = ['_src', '_offset'];

  const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  function color(name) { return NAMED[name] || name || NAMED.text; }

  /** A number as traders read it: grouped thousands, fixed decimals per panel, unit after. */
  function fmt(v, decimals, unit) {
    if (v == null || Number.isNaN(v)) return '–';
    let d = decimals;
    if (d == null) { const a = Math.abs(v); d = Number.isInteger(v) || a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 4; }
    const s = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
    return unit ? s + ' ' + unit : s;
  }

  function thresholdColor(thresholds, v) {
    if (!thresholds || !thresholds.length || v == null) return null;
    let c = null;
    for (const t of thresholds) if (t.value == null || v >= t.value) c = t.color;
    return c ? color(c) : null;
  }

  // Control characters, line/paragraph separators and lone surrogates from stored strings are shown escaped (\u0000),
  // so a NUL or an ESC in a log field never garbles a row or the panel.
  const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  function visible(text) {
    return typeof text === 'string' ? text.replace(UNSEEN, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : text;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = visible(String(text));
    return e;
  }

  function timeText(t) {
    const d = new Date(t * 1000);
    return d.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  /** Time axis labels in 24-hour local time, as precise as the tick spacing needs. */
  function timeTicks(u, splits, axisIdx, space, incr) {
    return splits.map(t => {
      const d = new Date(t * 1000);
      const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
      if (incr < 60) return hm + ':' + pad(d.getSeconds());
      if (incr < 86400) return (d.getHours() === 0 && d.getMinutes() === 0) ? pad(d.getMonth() + 1) + '-' + pad(d.getDate()) : hm;
      return pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    });
  }

  function shortName(name) {
    // File paths (shipper metrics) read better by their last part.
    return name && name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Time series (uPlot). Split panels draw one small chart per group value.
  function timeseries(def, body, hooks) {
    const state = { charts: new Map(), layoutKey: null, window: null };
    const box = el('div', 'charts');
    body.appendChild(box);

    function chartsFor(data) {
      if (!def.split) return [{ key: '', lines: data.series }];
      const groups = [];
      for (const line of data.series) {
        let g = groups.find(x => x.key === line.group);
        if (!g) groups.push(g = { key: line.group, lines: [] });
        g.lines.push(line);
      }
      return groups;
    }

    /** The index of the only non-null value of {@code values}, or -1 (none, or more than one). */
    function loneValue(values) {
      let at = -1;
      for (let i = 0; i < values.length; i++) if (values[i] != null) { if (at >= 0) return -1; at = i; }
      return at;
    }

    function seriesOpts(lines) {
      return lines.map((l, i) => {
        const isBand = def.band.includes(l.column);
        // Split charts show one symbol each: the band in translucent blue, the line itself in white.
        const stroke = def.split ? (isBand ? 'rgba(79,179,255,0.45)' : '#e6edf3') : COLORS[i % COLORS.length];
        return {
          label: def.split ? l.column : shortName(l.name), stroke, width: isBand ? 1 : 1.5, spanGaps: true,
          // A series with one value in the range has no line to draw (uPlot shows points only where all are sparse):
          // that value is drawn as a dot.
          points: { filter: (u, si) => { const at = loneValue(u.data[si]); return at < 0 ? null : [at]; } },
          scale: def.rightAxis.includes(l.column) ? 'y2' : 'y',
          value: (u, v) => fmt(v, def.decimals, ''),
        };
      });
    }

    function thresholdsHook(u) {
      if (!def.thresholds || !def.thresholds.some(t => t.value != null)) return;
      const ctx = u.ctx;
      ctx.save();
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      for (const t of def.thresholds) {
        if (t.value == null) continue;
        const y = u.valToPos(t.value, 'y', true);
        if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
        ctx.strokeStyle = color(t.color);
        ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
      }
      ctx.restore();
    }

    function make(group, width, height) {
      const wrap = el('div', 'chart');
      if (def.split) wrap.appendChild(el('div', 'chart-title', group.key));
      const plotEl = el('div', 'plot');
      wrap.appendChild(plotEl);
      box.appendChild(wrap);
      const lines = group.lines;
      const bands = [];
      if (def.band.length === 2) {
        const lo = lines.findIndex(l => l.column === def.band[0]);
        const hi = lines.findIndex(l => l.column === def.band[1]);
        if (lo >= 0 && hi >= 0) bands.push({ series: [hi + 1, lo + 1], fill: 'rgba(79,179,255,0.12)' });
      }
      const axes = [
        { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID }, font: '11px system-ui', values: timeTicks, size: 30 },
        { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID }, size: 64, font: '11px system-ui',
          values: (u, vals) => vals.map(v => fmt(v, null, '')) },
      ];
      if (def.rightAxis.length) {
        axes.push({ scale: 'y2', side: 1, stroke: AXIS, grid: { show: false }, size: 56, font: '11px system-ui',
          values: (u, vals) => vals.map(v => fmt(v, null, '')) });
      }
      const opts = {
        width, height,
        scales: { x: { time: true, auto: false }, y: { auto: true }, y2: { auto: true } },
        axes, bands,
        series: [{ label: '', value: (u, v) => v == null ? '' : timeText(v) }, ...seriesOpts(lines)],
        legend: { show: true, live: true },
        cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 5 } },
        hooks: {
          drawAxes: [u => { if (window.StratmonAlerts) window.StratmonAlerts.drawBands(u); }], // firing alerts, under the series
          draw: [thresholdsHook],
          setSelect: [u => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x'), to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            hooks.zoom(from, to);
          }],
        },
      };
      const data = [[], ...lines.map(() => [])];
      const plot = new uPlot(opts, data, plotEl);
      return { wrap, plot, names: lines.map(l => l.name).join('|') };
    }

    function size() {
      const n = Math.max(1, state.charts.size);
      const cols = def.split ? Math.min(n, 3) : 1;
      const rows = Math.ceil(n / cols);
      const w = Math.max(120, Math.floor((box.clientWidth - (cols - 1) * 8) / cols));
      const legend = 26;
      const title = def.split ? 16 : 0;
      const h = Math.max(60, Math.floor((box.clientHeight - (rows - 1) * 6) / rows) - legend - title);
      box.style.gridTemplateColumns = 'repeat(' + cols + ', 1fr)';
      return { w, h };
    }

    return {
      render(result) {
        const data = result.data;
        const groups = chartsFor(data);
        const key = groups.map(g => g.key + ':' + g.lines.map(l => l.name).join(',')).join('|');
        if (key !== state.layoutKey) {
          state.charts.forEach(c => { c.plot.destroy(); c.wrap.remove(); });
          state.charts.clear();
          state.layoutKey = key;
          groups.forEach(g => state.charts.set(g.key, null));
          const { w, h } = size();
          groups.forEach(g => state.charts.set(g.key, make(g, w, h)));
        }
        state.window = [Date.parse(result.from) / 1000, Date.parse(result.to) / 1000];
        for (const g of groups) {
          const c = state.charts.get(g.key);
          c.plot.setData([data.x, ...g.lines.map(l => l.values)]);
          c.plot.setScale('x', { min: state.window[0], max: state.window[1] });
        }
        const last = data.series.map(l => { for (let i = l.values.length - 1; i >= 0; i--) if (l.values[i] != null) return l.values[i]; return null; });
        const points = data.series.reduce((n, l) => n + l.values.filter(v => v != null).length, 0);
        return { points, series: data.series.length, firstX: data.x[0] ?? null, lastX: data.x.length ? data.x[data.x.length - 1] : null,
          charts: state.charts.size, last: last, names: data.series.map(l => l.name) };
      },
      slide(from, to) {
        state.window = [from, to];
        state.charts.forEach(c => c.plot.setScale('x', { min: from, max: to }));
      },
      redraw() {
        state.charts.forEach(c => c.plot.redraw(false, false));
      },
      resize() {
        if (!state.charts.size) return;
        const { w, h } = size();
        state.charts.forEach(c => c.plot.setSize({ width: w, height: h }));
      },
      plotWidth() {
        const cols = def.split ? 3 : 1;
        return Math.max(50, Math.floor(box.clientWidth / cols) - 70);
      },
      /** Lit pixels inside the plot areas (series are bright, grid lines dark): proof that lines were drawn. */
      pixels() {
        let lit = 0;
        state.charts.forEach(c => {
          const b = c.plot.bbox;
          if (b.width < 1 || b.height < 1) return;
          const img = c.plot.ctx.getImageData(b.left, b.top, b.width, b.height).data;
          for (let i = 0; i < img.length; i += 4) if (img[i + 3] > 0 && Math.max(img[i], img[i + 1], img[i + 2]) > 120) lit++;
        });
        return lit;
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  function stat(def, body) {
    const box = el('div', 'tiles');
    body.appendChild(box);
    return {
      render(result) {
        const tiles = result.data.tiles;
        if (box.children.length !== tiles.length) {
          box.replaceChildren(...tiles.map(() => { const t = el('div', 'tile'); t.append(el('div', 'value'), el('div', 'name')); return t; }));
        }
        tiles.forEach((t, i) => {
          const node = box.children[i];
          node.querySelector('.value').textContent = fmt(t.value, def.decimals, def.unit);
          node.querySelector('.value').style.color = thresholdColor(def.thresholds, t.value) || '';
          node.querySelector('.name').textContent = t.name;
        });
        return { points: tiles.filter(t => t.value != null).length, tiles: tiles.map(t => ({ name: t.name, value: t.value })) };
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  function pager(onPage) {
    const p = el('div', 'pager');
    const prev = el('button', null, '◀'), next = el('button', null, '▶'), label = el('span', null, '');
    prev.title = 'newer / previous page'; next.title = 'older / next page';
    p.append(prev, label, next);
    let page = 0;
    prev.onclick = () => { if (page > 0) onPage(page - 1); };
    next.onclick = () => onPage(page + 1);
    return {
      el: p,
      update(pg, hasMore) { page = pg; label.textContent = 'page ' + (pg + 1); prev.disabled = pg === 0; next.disabled = !hasMore; },
    };
  }

  function cell(v, type) {
    if (v == null) return '';
    if (typeof v === 'number') return fmt(v, null, '');
    if (type && type.startsWith('TIMESTAMP')) return v.replace('T', ' ').replace('Z', '');
    return String(v);
  }

  function table(def, body, hooks) {
    const wrap = el('div', 'table-wrap');
    const t = el('table', 'grid');
    wrap.appendChild(t);
    const pg = pager(page => hooks.page(page));
    body.append(wrap, pg.el);
    return {
      render(result) {
        const d = result.data;
        const head = el('tr');
        d.columns.forEach(c => { const th = el('th', null, c.name); if (['DOUBLE', 'LONG', 'INT', 'FLOAT'].includes(c.type)) th.className = 'num'; head.appendChild(th); });
        const rows = d.rows.map(r => {
          const tr = el('tr');
          r.forEach((v, i) => { const td = el('td', typeof v === 'number' ? 'num' : null, cell(v, d.columns[i].type)); tr.appendChild(td); });
          return tr;
        });
        t.replaceChildren(el('thead'), el('tbody'));
        t.tHead.appendChild(head);
        t.tBodies[0].append(...rows);
        pg.update(d.page, d.hasMore);
        return { points: d.rows.length, rows: d.rows.length, page: d.page };
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bars drawn with plain boxes: a centred zero line, positive right (green), negative left (red).
  function bar(def, body) {
    const box = el('div', 'bars');
    body.appendChild(box);
    return {
      render(result) {
        const d = result.data;
        const line = d.series[0] || { values: [] };
        const max = Math.max(1e-9, ...line.values.map(v => Math.abs(v || 0)));
        box.replaceChildren(...d.categories.map((c, i) => {
          const v = line.values[i];
          const row = el('div', 'bar-row');
          const track = el('div', 'bar-track');
          const fill = el('div', 'bar-fill ' + ((v || 0) < 0 ? 'neg' : 'pos'));
          fill.style.width = (Math.abs(v || 0) / max * 50) + '%';
          track.appendChild(fill);
          row.append(el('span', 'bar-name', c), track, el('span', 'bar-value', fmt(v, def.decimals, def.unit)));
          return row;
        }));
        return { points: line.values.filter(v => v != null).length, categories: d.categories, values: line.values };
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The event log: filter bar, newest rows first, click a row for the whole line.
  function events(def, body, hooks) {
    const bar = el('div', 'filters');
    const table = el('select'); table.name = 'table'; table.title = 'table';
    table.appendChild(new Option('all tables', ''));
    const level = el('select'); level.name = 'level'; level.title = 'level';
    ['', 'INFO', 'WARN', 'ERROR'].forEach(l => level.appendChild(new Option(l || 'all levels', l)));
    const text = el('input'); text.type = 'search'; text.name = 'q'; text.placeholder = 'filter text…'; text.spellcheck = false;
    const pg = pager(page => hooks.page(page));
    bar.append(table, level, text, pg.el);
    const split = el('div', 'events-split');
    const list = el('div', 'events-list');
    const rowsTable = el('table', 'grid events');
    list.appendChild(rowsTable);
    const detail = el('pre', 'detail', 'Click a row to see the whole line.');
    split.append(list, detail);
    body.append(bar, split);
    let rows = [], selected = null, knownTables = '';
    let debounce = null;
    const changed = () => hooks.filter({ table: table.value, level: level.value, q: text.value.trim() });
    table.onchange = changed; level.onchange = changed;
    text.oninput = () => { clearTimeout(debounce); debounce = setTimeout(changed, 300); };

    function show(r) {
      const fields = Object.assign({ timestamp: r.time, table: r.table }, r.fields);
      const main = {}, hidden = {};
      Object.keys(fields).forEach(k => (HIDDEN_FIELDS.includes(k) ? hidden : main)[k] = fields[k]);
      detail.textContent = JSON.stringify(main, null, 2) + (Object.keys(hidden).length ? '\n\nshipper: ' + JSON.stringify(hidden) : '');
    }

    // A row is picked on mousedown, not on click: live mode replaces the rows about once a second, and a click whose
    // mousedown and mouseup land on different rows (the first replaced in between) never fires, so clicks were lost.
    rowsTable.onmousedown = e => {
      if (e.button !== 0) return;
      const tr = e.target.closest('tr[data-i]');
      if (!tr) return;
      selected = rows[+tr.dataset.i];
      rowsTable.querySelectorAll('tr.sel').forEach(x => x.classList.remove('sel'));
      tr.classList.add('sel');
      show(selected);
    };

    return {
      render(result) {
        const d = result.data;
        const tablesKey = d.tables.join(',');
        if (tablesKey !== knownTables) {
          knownTables = tablesKey;
          const v = table.value;
          table.replaceChildren(new Option('all tables', ''), ...d.tables.map(t => new Option(t, t)));
          table.value = d.tables.includes(v) ? v : '';
        }
        rows = d.rows;
        const key = selected ? selected.t + '|' + selected.table : null;
        const trs = rows.map((r, i) => {
          const tr = el('tr');
          tr.dataset.i = i;
          tr.className = 'lvl-' + (r.level || 'none') + (key === r.t + '|' + r.table ? ' sel' : '');
          tr.append(el('td', 'time', timeText(r.t)), el('td', 'tbl', r.table), el('td', 'lvl', r.level || ''), el('td', 'text', r.text));
          return tr;
        });
        rowsTable.replaceChildren(...trs);
        if (!rows.length) rowsTable.appendChild(Object.assign(el('tr'), { innerHTML: '<td class="none">no events match</td>' }));
        pg.update(d.page, d.hasMore);
        return { points: rows.length, rows: rows.length, tables: d.tables, levels: [...new Set(rows.map(r => r.level))],
          tablesShown: [...new Set(rows.map(r => r.table))], page: d.page };
      },
    };
  }

  window.StratmonPanels = { timeseries, stat, table, bar, events, fmt, el };
})();

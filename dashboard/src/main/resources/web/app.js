// stratmon dashboard: asks the server which tables exist, then draws the charts that fit them and refreshes
// them every second. The server only runs the SQL of its own chart definitions; the page names charts, never SQL.
(function () {
  'use strict';
  const REFRESH_MS = 1000;
  const COLORS = ['#4fb3ff', '#ffb84f', '#7ee787', '#ff6b6b', '#d2a8ff', '#f0e68c'];
  const charts = new Map();          // panel key -> {plot, el}
  const rangeSelect = document.getElementById('range');
  const status = document.getElementById('status');
  window.stratmon = { charts, updates: 0 };   // read by tests and curious humans

  async function json(url) {
    const res = await fetch(url, { cache: 'no-store' });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    return body;
  }

  // Which panels to show, from the tables present: the demo strategy's or the reference trader's.
  function panelsFor(tables) {
    const panels = [];
    if (tables.includes('price')) panels.push({ chart: 'price', split: true, title: 'Last price' });
    if (tables.includes('pnl')) panels.push({ chart: 'equity', title: 'Equity' });
    if (tables.includes('price_log')) panels.push({ chart: 'price_log', title: 'Price (price_log)' });
    return panels;
  }

  function panelEl(key, title) {
    const el = document.createElement('section');
    el.className = 'panel';
    el.dataset.panel = key;
    el.innerHTML = '<h2><span class="title"></span><span class="last"></span></h2><div class="plot"></div>';
    el.querySelector('.title').textContent = title;
    document.getElementById('charts').appendChild(el);
    return el;
  }

  function draw(key, title, x, names, values) {
    let entry = charts.get(key);
    const data = [x, ...values];
    if (!entry) {
      const el = panelEl(key, title);
      const width = Math.max(300, el.clientWidth - 16);
      const opts = {
        width, height: 230,
        scales: { x: { time: true } },
        axes: [{ stroke: '#8a919e', grid: { stroke: '#242833' } }, { stroke: '#8a919e', grid: { stroke: '#242833' }, size: 70 }],
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true }))],
      };
      entry = { el, plot: new uPlot(opts, data, el.querySelector('.plot')), names: names.join('|') };
      charts.set(key, entry);
    } else {
      entry.plot.setData(data);
    }
    const lastValues = values.map(v => { for (let i = v.length - 1; i >= 0; i--) if (v[i] != null) return v[i]; return null; });
    entry.el.querySelector('.last').textContent = lastValues.filter(v => v != null).map(v => v.toFixed(2)).join('  ');
    entry.el.dataset.points = String(x.length);
  }

  async function refresh() {
    const tables = await json('/api/tables');
    const panels = panelsFor(tables);
    document.getElementById('empty').style.display = panels.length ? 'none' : '';
    await Promise.all(panels.map(async p => {
      const s = await json('/api/series/' + p.chart + '?range=' + rangeSelect.value);
      const names = Object.keys(s.series);
      if (p.split) {
        names.forEach(n => draw(p.chart + ':' + n, p.title + ' ' + n, s.x, [n], [s.series[n]]));
      } else {
        draw(p.chart, p.title, s.x, names, names.map(n => s.series[n]));
      }
    }));
    window.stratmon.updates++;
    status.textContent = 'live · updated ' + new Date().toLocaleTimeString();
  }

  async function loop() {
    try {
      await refresh();
    } catch (e) {
      status.textContent = 'error: ' + e.message;
    }
    setTimeout(loop, REFRESH_MS);
  }

  rangeSelect.addEventListener('change', () => refresh().catch(e => status.textContent = 'error: ' + e.message));
  window.addEventListener('resize', () => charts.forEach(c => c.plot.setSize({ width: Math.max(300, c.el.clientWidth - 16), height: 230 })));
  loop();
})();

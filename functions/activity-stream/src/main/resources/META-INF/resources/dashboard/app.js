// Eventfold dashboard: the live feed from /activity/stream, campaign totals and users from the read APIs
// (proxied by activity-stream under /dashboard/api with the visitor's API key). Plain browser JavaScript, charts
// by uPlot (served from its webjar).
(function () {
  'use strict';

  const FEED_MAX = 200;        // items kept on screen
  const HELD_MAX = 1000;       // items held while paused
  const USERS_PAGE = 20;
  const fmt = new Intl.NumberFormat('en');
  const $ = (id) => document.getElementById(id);

  const state = {
    key: sessionStorage.getItem('eventfold.apiKey') || '',
    campaign: sessionStorage.getItem('eventfold.campaign') || new URLSearchParams(location.search).get('campaign') || '',
    cursor: null, socket: null, paused: false, held: [], failedLogins: new Map(),
    usersCursor: null, refreshTimer: null, reconnectTimer: null, charts: {}
  };

  function status(text) { $('status').textContent = text; }

  function api(path) {
    return fetch('/dashboard/api' + path, { headers: { 'X-Api-Key': state.key, 'Accept': 'application/json' } })
      .then((r) => r.ok ? r.json() : r.json().catch(() => ({})).then((p) => { throw new Error(p.detail || ('HTTP ' + r.status)); }));
  }

  // ---- live feed -----------------------------------------------------------------------------------------------
  function connect() {
    clearTimeout(state.reconnectTimer);
    status('Connecting…');
    fetch('/activity/tokens', { method: 'POST', headers: { 'X-Api-Key': state.key } })
      .then((r) => { if (!r.ok) { throw new Error(r.status === 401 ? 'the API key was refused' : 'HTTP ' + r.status); } return r.json(); })
      .then((t) => {
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + t.path);
        state.socket = ws;
        ws.onopen = () => {
          state.resuming = Boolean(state.cursor);
          ws.send(JSON.stringify({ type: 'hello', token: t.token, cursor: state.cursor || undefined }));
        };
        // a frame is one message or an array of item messages, in order (the live feed is batched)
        ws.onmessage = (m) => { const d = JSON.parse(m.data); (Array.isArray(d) ? d : [d]).forEach(onMessage); };
        ws.onclose = () => {
          if (state.socket === ws) {
            status('Disconnected; reconnecting…');
            state.reconnectTimer = setTimeout(connect, 2000);
          }
        };
      })
      .catch((e) => { status('Not connected: ' + e.message); state.reconnectTimer = setTimeout(connect, 5000); });
  }

  function onMessage(m) {
    if (m.type === 'item') {
      state.cursor = m.cursor;
      if (state.paused) {
        state.held.push(m);
        if (state.held.length > HELD_MAX) { state.held.shift(); }
        $('held').textContent = state.held.length + ' new items while paused';
      } else {
        show(m);
      }
      if (m.eventType === 'dev.eventfold.campaign.stats.updated' && m.subject === state.campaign) { scheduleRefresh(); }
      if (m.eventType === 'dev.eventfold.user.state.updated') { scheduleUsers(); }
    } else if (m.type === 'live') {
      state.cursor = m.cursor;
      const before = state.resuming ? ' missed items caught up' : ' recent items';
      status('Live' + (m.replayed ? ' (' + m.replayed + before + ')' : ''));
    } else if (m.type === 'resync') {
      status('Too far behind: reloading');
      state.cursor = null;
      $('feed').replaceChildren();
      refreshCampaign();
      loadUsers(null);
    } else if (m.type === 'error') {
      status('Refused: ' + m.detail);
    }
  }

  function show(m) {
    const li = document.createElement('li');
    li.dataset.id = m.id;
    li.dataset.type = m.eventType;
    const kind = document.createElement('span');
    const text = document.createElement('span');
    const d = m.data || {};
    switch (m.eventType) {
      case 'dev.eventfold.page.viewed.enriched': {
        kind.textContent = 'Page view';
        const place = d.geo === 'known' ? [d.city, d.country].filter(Boolean).join(', ') : 'an unknown place';
        text.textContent = 'page ' + d.pageId + ' viewed from ' + (place || 'an unknown place');
        break;
      }
      case 'dev.eventfold.user.state.updated': {
        const before = state.failedLogins.get(d.id);
        state.failedLogins.set(d.id, d.failedLoginCount);
        let what = 'updated';
        if (d.lastLoginAt && d.lastLoginAt === d.updatedAt) { what = 'logged in'; }
        else if (d.createdAt === d.updatedAt) { what = 'signed up'; }
        else if (before !== undefined ? d.failedLoginCount > before : d.failedLoginCount > 0) { what = 'failed to log in'; }
        kind.textContent = what === 'signed up' ? 'Sign-up' : what === 'failed to log in' ? 'Failed login' : 'User';
        text.textContent = (d.name || d.id) + ' ' + what;
        break;
      }
      case 'dev.eventfold.campaign.stats.updated':
        kind.textContent = 'Campaign';
        text.textContent = d.campaignId + ': ' + fmt.format(d.views) + ' views, ' + fmt.format(d.uniqueVisitors) + ' unique visitors';
        break;
      case 'dev.eventfold.alert.raised':
        kind.textContent = 'Alert'; kind.className = 'alert';
        text.textContent = d.ruleKind + ' on ' + d.key + ': ' + d.observedValue + ' (threshold ' + d.threshold + ')' + (d.detail ? ' — ' + d.detail : '');
        break;
      case 'dev.eventfold.alert.resolved':
        kind.textContent = 'Resolved';
        text.textContent = d.ruleKind + ' on ' + d.key + ' is back within bounds';
        break;
      default:
        kind.textContent = 'Event';
        text.textContent = m.eventType + ' ' + m.subject;
    }
    kind.classList.add('kind');
    const time = document.createElement('time');
    time.dateTime = m.time;
    time.textContent = new Date(m.time).toLocaleTimeString('en-GB');
    li.append(kind, text, time);
    const feed = $('feed');
    feed.prepend(li);
    while (feed.children.length > FEED_MAX) { feed.lastElementChild.remove(); }
  }

  $('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    $('pause').setAttribute('aria-pressed', String(state.paused));
    $('pause').textContent = state.paused ? 'Resume' : 'Pause';
    if (!state.paused) {
      state.held.forEach(show);
      state.held = [];
      $('held').textContent = '';
    }
  });

  // ---- campaign --------------------------------------------------------------------------------------------------
  function scheduleRefresh() {
    if (!state.refreshTimer) {
      state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refreshCampaign(); }, 300);
    }
  }

  function setTotal(id, raw, text) { const el = $('t-' + id); el.dataset.value = String(raw); el.textContent = text; }

  function refreshCampaign() {
    if (!state.campaign) { return; }
    const id = encodeURIComponent(state.campaign);
    api('/campaigns/' + id).then((c) => {
      $('campaign-title').textContent = 'Campaign ' + (c.name || c.id);
      setTotal('pagesSent', c.pagesSent, fmt.format(c.pagesSent));
      setTotal('pagesViewed', c.pagesViewed, fmt.format(c.pagesViewed));
      setTotal('viewRate', c.viewRate, (100 * c.viewRate).toFixed(1) + '%');
      setTotal('uniqueVisitors', c.uniqueVisitors, fmt.format(c.uniqueVisitors));
      setTotal('views', c.views, fmt.format(c.views));
      setTotal('pages', c.pages, fmt.format(c.pages));
      $('campaign-panel').dataset.loaded = 'true';
    }).catch((e) => { $('campaign-title').textContent = 'Campaign ' + state.campaign + ': ' + e.message; });
    api('/campaigns/' + id + '/timeseries?bucket=hour').then(hourly).catch(() => {});
    api('/campaigns/' + id + '/geo?level=country').then((rows) => places('countries', rows.slice(0, 10),
      (r) => r.known ? r.country : 'Unknown', (r) => r.known ? r.countryCode : '?')).catch(() => {});
    api('/campaigns/' + id + '/geo?level=city').then((rows) => places('cities', rows.slice(0, 8),
      (r) => r.known ? [r.city, r.countryCode].filter(Boolean).join(', ') : 'Unknown', (r) => r.known ? (r.city || '?') : '?')).catch(() => {});
  }

  function zeroBased(u, min, max) { return [0, Math.max(1, Math.ceil((max || 0) * 1.15))]; }

  function width(el) { return Math.max(240, el.clientWidth || 300); }

  function chart(name, el, opts, data) {
    // rebuilt on every refresh: the axis labels and ranges belong to the data
    const existing = state.charts[name];
    if (existing) { existing.destroy(); }
    state.charts[name] = new uPlot(Object.assign({ width: width(el), height: 200 }, opts), data, el);
  }

  function hourly(buckets) {
    const xs = buckets.map((b) => Date.parse(b.start) / 1000);
    const ys = buckets.map((b) => b.views);
    const first = xs.length ? xs[0] : Date.now() / 1000;
    const last = xs.length ? xs[xs.length - 1] : first;
    chart('hourly', $('hourly'), {
      legend: { show: false },
      scales: { x: { time: true, range: () => [first - 3600, last + 3600] }, y: { range: zeroBased } },
      series: [{}, { label: 'Views', stroke: '#0a58ca', fill: 'rgba(10,88,202,0.25)', paths: uPlot.paths.bars({ size: [0.7, 60] }) }],
      axes: [{}, { label: 'views' }]
    }, [xs, ys]);
  }

  function places(name, rows, label, short) {
    const labels = rows.map(label);
    const ticks = rows.map(short);
    const tbody = $(name).querySelector('tbody');
    tbody.replaceChildren(...rows.map((r, i) => {
      const tr = document.createElement('tr');
      const a = document.createElement('td'); a.textContent = labels[i];
      const b = document.createElement('td'); b.className = 'num'; b.textContent = fmt.format(r.views);
      tr.append(a, b);
      return tr;
    }));
    chart(name, $(name + '-chart'), {
      legend: { show: false },
      scales: { x: { time: false, range: () => [-0.5, Math.max(rows.length, 1) - 0.5] }, y: { range: zeroBased } },
      series: [{ label: name === 'countries' ? 'Country' : 'City', value: (u, v) => labels[v] || '' },
        { label: 'Views', stroke: '#0a58ca', fill: 'rgba(10,88,202,0.35)', paths: uPlot.paths.bars({ size: [0.7, 40] }) }],
      axes: [{ values: (u, splits) => splits.map((s) => Number.isInteger(s) ? (ticks[s] || '').slice(0, 12) : ''), incrs: [1] }, {}]
    }, [rows.map((r, i) => i), rows.map((r) => r.views)]);
  }

  // ---- users -----------------------------------------------------------------------------------------------------
  let usersTimer = null;
  function scheduleUsers() {
    if (!usersTimer && !state.usersCursor) {
      usersTimer = setTimeout(() => { usersTimer = null; loadUsers(null); }, 2000);
    }
  }

  function loadUsers(cursor) {
    api('/users?limit=' + USERS_PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then((page) => {
      state.usersCursor = cursor;
      const tbody = $('users').querySelector('tbody');
      tbody.replaceChildren(...page.items.map((u) => {
        const tr = document.createElement('tr');
        tr.dataset.id = u.id;
        // data-value: the read API's own value of the cell (what the browser test compares with the API)
        [[u.name, u.name], [u.email, u.email], [fmt.format(u.loginCount), u.loginCount],
          [fmt.format(u.failedLoginCount), u.failedLoginCount],
          [u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString('en-GB') : 'never', u.lastLoginAt || '']].forEach(([v, raw], i) => {
          const td = document.createElement('td'); td.textContent = v; td.dataset.value = String(raw);
          if (i === 2 || i === 3) { td.className = 'num'; } tr.append(td);
        });
        return tr;
      }));
      $('users-next').disabled = !page.nextCursor;
      $('users-next').onclick = () => loadUsers(page.nextCursor);
      $('users-first').disabled = !cursor;
    }).catch((e) => {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 5; td.textContent = 'Users are not available: ' + e.message;
      tr.append(td);
      $('users').querySelector('tbody').replaceChildren(tr);
    });
  }
  $('users-first').addEventListener('click', () => loadUsers(null));

  // ---- start -----------------------------------------------------------------------------------------------------
  function start() {
    ['campaign-panel', 'feed-panel', 'users-panel'].forEach((id) => { $(id).hidden = false; });
    $('campaign-panel').hidden = !state.campaign;
    $('signin').hidden = true;
    connect();
    refreshCampaign();
    loadUsers(null);
    setInterval(refreshCampaign, 15000);
  }

  $('apikey').value = state.key;
  $('campaign').value = state.campaign;
  $('signin').addEventListener('submit', (e) => {
    e.preventDefault();
    state.key = $('apikey').value.trim();
    state.campaign = $('campaign').value.trim();
    sessionStorage.setItem('eventfold.apiKey', state.key);
    sessionStorage.setItem('eventfold.campaign', state.campaign);
    start();
  });
  if (state.key) { start(); }
})();

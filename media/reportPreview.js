// DMARC report preview: the webview side. Plain JavaScript, no framework. Report data comes from
// strangers, so it is only ever set with textContent (never as markup), links are buttons that ask
// the extension, and nothing from a report becomes an attribute that the browser acts on.
// Message types are declared in client/src/core/dmarcReport/webviewMessages.ts.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('report-root');
  const PAGE = 500;
  const SVG = 'http://www.w3.org/2000/svg';

  const state = {
    summary: undefined,
    title: '',
    reverseDns: 'off',
    sortKey: 'count',
    sortDescending: true,
    failuresOnly: false,
    source: '',
    shown: PAGE,
    snippet: undefined,
  };

  /** An element with text set through textContent; `children` are elements or strings (as text nodes). */
  function el(tag, options, children) {
    const node = document.createElement(tag);
    if (options) {
      if (options.className) node.className = options.className;
      if (options.text !== undefined) node.textContent = String(options.text);
      if (options.title !== undefined) node.title = String(options.title);
      if (options.id) node.id = options.id;
    }
    for (const child of children || []) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function button(label, onClick, className) {
    const node = el('button', { text: label, className: className || '' });
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  function percent(part, whole) {
    if (!whole) return '–';
    const value = (100 * part) / whole;
    return (value >= 99.95 || value === 0 ? value.toFixed(0) : value.toFixed(1)) + '%';
  }

  function number(value) {
    return Number(value).toLocaleString('en-US');
  }

  function plural(count, word) {
    return number(count) + ' ' + word + (count === 1 ? '' : 's');
  }

  function utc(epoch) {
    if (epoch === undefined || epoch === null) return 'unknown';
    return new Date(epoch * 1000).toISOString().replace('T', ' ').replace(/\.000Z$/, ' UTC');
  }

  function local(epoch) {
    if (epoch === undefined || epoch === null) return '';
    return new Date(epoch * 1000).toLocaleString();
  }

  function dateRange(begin, end) {
    return el('span', {}, [
      el('span', { text: utc(begin) + ' – ' + utc(end) }),
      el('span', { className: 'muted', text: ' (local: ' + local(begin) + ' – ' + local(end) + ')' }),
    ]);
  }

  function field(label, value) {
    return el('div', { className: 'field' }, [el('span', { className: 'label', text: label }), el('span', { className: 'value', text: value === undefined || value === '' ? '(not given)' : value })]);
  }

  function policyText(policy) {
    const parts = [];
    for (const tag of ['p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'fo', 'testing', 'discoveryMethod']) {
      if (policy[tag] !== undefined && policy[tag] !== '') parts.push((tag === 'discoveryMethod' ? 'discovery_method' : tag) + '=' + policy[tag]);
    }
    return parts.join('; ') || '(not given)';
  }

  function renderProgress(message) {
    const total = message.total || 0;
    const bar = el('progress', { id: 'report-progress' });
    if (total > 0) {
      bar.max = total;
      bar.value = Math.min(message.done, total);
    }
    show([
      el('section', { className: 'progress' }, [
        el('p', { id: 'report-status', text: message.file ? 'Reading ' + message.file + '…' : 'Reading…' }),
        bar,
        el('p', { className: 'muted', text: total > 0 ? percent(message.done, total) : '' }),
        button('Cancel', () => vscode.postMessage({ type: 'cancel' })),
      ]),
    ]);
  }

  function renderProblems(problems, heading) {
    if (!problems || problems.length === 0) return undefined;
    const list = el('ul', { className: 'problems' });
    for (const p of problems) {
      const where = [p.source, p.line !== undefined ? 'line ' + p.line + ', column ' + p.column : undefined].filter(Boolean).join(': ');
      list.appendChild(el('li', { className: 'problem ' + p.severity }, [el('span', { className: 'code', text: p.code }), where ? el('span', { className: 'where', text: where }) : undefined, el('span', { className: 'message', text: p.message })]));
    }
    return el('section', { id: 'report-problems' }, [el('h2', { text: heading }), list]);
  }

  /** Replaces the page's content; parts that are absent (undefined) are skipped. */
  function show(parts) {
    root.replaceChildren(...parts.filter(Boolean));
  }

  function renderFailed(message) {
    show([el('h1', { text: message.title }), el('p', { id: 'report-status', className: 'failed', text: 'The report could not be read.' }), renderProblems(message.problems, 'Why')]);
  }

  function renderMetadata(summary) {
    const reports = summary.reports;
    const section = el('section', { id: 'report-metadata' });
    if (reports.length === 1) {
      const r = reports[0];
      section.append(
        field('Reporter', r.orgName),
        field('Contact', r.email),
        field('Report ID', r.reportId),
        el('div', { className: 'field' }, [el('span', { className: 'label', text: 'Date range' }), el('span', { className: 'value' }, [dateRange(r.begin, r.end)])]),
        field('Domain', r.policy.domain),
        field('Published policy', policyText(r.policy)),
        field('Format', r.schema === 'rfc9990' ? 'RFC 9990' : r.schema === 'rfc7489' ? 'RFC 7489' : 'pre-RFC 7489 draft'),
      );
      if (r.errors && r.errors.length > 0) section.append(field('Reporter errors', r.errors.join('; ')));
      section.append(el('div', { className: 'actions' }, [button('Open raw XML', () => vscode.postMessage({ type: 'openRaw', report: 0 }), 'link')]));
      return section;
    }
    const reporters = Array.from(new Set(reports.map((r) => r.orgName || '(unnamed)')));
    section.append(
      field('Reports', number(reports.length) + ' from ' + number(reporters.length) + ' reporter' + (reporters.length === 1 ? '' : 's')),
      field('Domains', summary.domains.join(', ')),
      el('div', { className: 'field' }, [el('span', { className: 'label', text: 'Date range' }), el('span', { className: 'value' }, [dateRange(summary.begin, summary.end)])]),
    );
    const table = el('table', { className: 'reports' }, [el('thead', {}, [el('tr', {}, ['Reporter', 'Report ID', 'Begin (UTC)', 'End (UTC)', 'Policy', 'Messages', ''].map((h) => el('th', { text: h })))])]);
    const body = el('tbody');
    for (const r of reports.slice(0, 200)) {
      body.appendChild(
        el('tr', {}, [
          el('td', { text: r.orgName || '(not given)', title: r.origin }),
          el('td', { text: r.reportId }),
          el('td', { text: utc(r.begin) }),
          el('td', { text: utc(r.end) }),
          el('td', { text: r.policy.domain + ': ' + policyText(r.policy) }),
          el('td', { className: 'number', text: number(r.messages) }),
          el('td', {}, [button('Raw XML', () => vscode.postMessage({ type: 'openRaw', report: r.index }), 'link')]),
        ]),
      );
    }
    table.appendChild(body);
    section.append(el('details', {}, [el('summary', { text: 'Reports (' + number(reports.length) + (reports.length > 200 ? ', first 200 listed' : '') + ')' }), table]));
    return section;
  }

  function card(label, value, detail, id) {
    return el('div', { className: 'card', id: id }, [el('div', { className: 'card-value', text: value }), el('div', { className: 'card-label', text: label }), detail ? el('div', { className: 'muted', text: detail }) : undefined]);
  }

  function renderTotals(summary) {
    const t = summary.totals;
    const dispositions = t.dispositions.map((d) => d.disposition + ': ' + number(d.messages)).join(', ');
    return el('section', { id: 'report-totals', className: 'cards' }, [
      card('Messages', number(t.messages), number(t.rows) + ' rows', 'total-messages'),
      card('DMARC pass', percent(t.dmarcPass, t.messages), number(t.dmarcPass) + ' passed', 'total-dmarc'),
      card('DKIM aligned pass', percent(t.dkimAlignedPass, t.messages), number(t.dkimAlignedPass) + ' passed', 'total-dkim'),
      card('SPF aligned pass', percent(t.spfAlignedPass, t.messages), number(t.spfAlignedPass) + ' passed', 'total-spf'),
      card('Dispositions', dispositions || '–', undefined, 'total-dispositions'),
    ]);
  }

  function renderExplanation(x) {
    const actions = [];
    if (x.action && x.action.kind === 'mail-from-records') actions.push(button('Generate MAIL FROM records for ' + x.action.domain, () => vscode.postMessage({ type: 'action', action: 'mail-from-records', domain: x.action.domain })));
    if (x.action && x.action.kind === 'easy-dkim') actions.push(button('How to enable Easy DKIM for ' + x.action.domain, () => vscode.postMessage({ type: 'action', action: 'easy-dkim', domain: x.action.domain })));
    return el('div', { className: 'explanation ' + x.severity }, [
      el('h4', { text: x.title }),
      el('p', { className: 'muted', text: plural(x.messages, 'message') + ' in ' + plural(x.rows, 'row') }),
      el('p', {}, [el('strong', { text: 'What it means: ' }), x.meaning]),
      el('p', {}, [el('strong', { text: 'What to do: ' }), x.fix]),
      actions.length > 0 ? el('div', { className: 'actions' }, actions) : undefined,
    ]);
  }

  function renderSources(summary) {
    const section = el('section', { id: 'report-sources' }, [el('h2', { text: 'Sending sources' })]);
    if (state.reverseDns === 'untrusted') section.appendChild(el('p', { className: 'muted', text: 'Reverse DNS is off in Restricted Mode.' }));
    if (state.reverseDns === 'pending') section.appendChild(el('p', { className: 'muted', text: 'Looking up reverse DNS names…' }));
    for (const finding of summary.findings) section.appendChild(renderExplanation(finding));
    for (const g of summary.groups) {
      const failing = g.messages - g.passMessages;
      const head = el('div', { className: 'group-head' }, [
        el('h3', { text: g.label }),
        el('span', { className: failing > 0 ? 'badge fail' : 'badge pass', text: percent(g.passMessages, g.messages) + ' pass' }),
        el('span', { className: 'muted', text: plural(g.messages, 'message') + ' from ' + plural(g.ipCount, 'IP') + ': ' + g.ips.slice(0, 5).join(', ') + (g.ipCount > 5 ? ', …' : '') }),
      ]);
      const filter = button('Show rows', () => {
        state.source = g.key;
        state.shown = PAGE;
        renderTable();
        const table = document.getElementById('report-table');
        if (table) table.scrollIntoView();
      }, 'link');
      section.appendChild(el('div', { className: 'group', id: 'group-' + g.kind }, [head, filter].concat(g.explanations.map(renderExplanation))));
    }
    return section;
  }

  function renderSnippet() {
    if (!state.snippet) return undefined;
    const s = state.snippet;
    return el('section', { id: 'report-snippet' }, [
      el('h2', { text: 'Custom MAIL FROM records for ' + s.domain + ' (' + s.region + ')' }),
      el('pre', { text: s.text }),
      el('div', { className: 'actions' }, [button('Open as zone file', () => vscode.postMessage({ type: 'openSnippet', text: s.text }))]),
    ]);
  }

  function renderChart(summary) {
    const days = summary.timeline;
    if (days.length < 2) return undefined;
    const width = Math.max(320, Math.min(960, days.length * 28 + 60));
    const height = 180;
    const left = 50;
    const bottom = 30;
    const top = 10;
    const max = Math.max(1, ...days.map((d) => d.messages));
    // Month and day are enough within one year; across years the labels need the year too.
    const oneYear = days[0].day.slice(0, 4) === days[days.length - 1].day.slice(0, 4);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Messages per day, passing and failing DMARC');
    const plotHeight = height - bottom - top;
    const step = (width - left - 10) / days.length;
    const barWidth = Math.max(2, step * 0.7);
    const rect = (x, y, w, h, className, tip) => {
      const node = document.createElementNS(SVG, 'rect');
      node.setAttribute('x', x.toFixed(1));
      node.setAttribute('y', y.toFixed(1));
      node.setAttribute('width', w.toFixed(1));
      node.setAttribute('height', Math.max(0, h).toFixed(1));
      node.setAttribute('class', className);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = tip;
      node.appendChild(title);
      svg.appendChild(node);
    };
    const text = (x, y, value, className) => {
      const node = document.createElementNS(SVG, 'text');
      node.setAttribute('x', x.toFixed(1));
      node.setAttribute('y', y.toFixed(1));
      node.setAttribute('class', className);
      node.textContent = value;
      svg.appendChild(node);
    };
    text(left - 6, top + 8, number(max), 'axis end');
    text(left - 6, height - bottom, '0', 'axis end');
    days.forEach((d, i) => {
      const x = left + i * step;
      const passHeight = (d.pass / max) * plotHeight;
      const failHeight = (d.fail / max) * plotHeight;
      const base = height - bottom;
      rect(x, base - passHeight, barWidth, passHeight, 'bar-pass', d.day + ': ' + number(d.pass) + ' pass');
      rect(x, base - passHeight - failHeight, barWidth, failHeight, 'bar-fail', d.day + ': ' + number(d.fail) + ' fail');
      if (days.length <= 14 || i % Math.ceil(days.length / (oneYear ? 14 : 8)) === 0) text(x, height - 10, oneYear ? d.day.slice(5) : d.day, 'axis');
    });
    return el('section', { id: 'report-chart' }, [el('h2', { text: 'Messages per day (UTC)' }), svg, el('p', { className: 'legend' }, [el('span', { className: 'swatch pass' }), ' passes DMARC  ', el('span', { className: 'swatch fail' }), ' fails DMARC'])]);
  }

  const COLUMNS = [
    { key: 'sourceIp', label: 'Source IP' },
    { key: 'source', label: 'Source' },
    { key: 'count', label: 'Messages' },
    { key: 'disposition', label: 'Disposition' },
    { key: 'dmarc', label: 'DMARC' },
    { key: 'dkim', label: 'DKIM aligned' },
    { key: 'spf', label: 'SPF aligned' },
    { key: 'dkimResults', label: 'DKIM results' },
    { key: 'spfResults', label: 'SPF results' },
    { key: 'headerFrom', label: 'Header From' },
    { key: 'envelopeFrom', label: 'Envelope From' },
    { key: 'report', label: 'Reporter' },
  ];

  function sortValue(row, key, summary) {
    if (key === 'count') return row.count;
    if (key === 'report') return (summary.reports[row.report] || {}).orgName || '';
    if (key === 'source') return (summary.groups.find((g) => g.key === row.source) || {}).label || row.source;
    if (key === 'dkimResults' || key === 'spfResults') return row[key].map((r) => r.domain).join(' ');
    if (key === 'sourceIp') return row.sourceIp.includes(':') ? '~' + row.sourceIp : row.sourceIp.split('.').map((p) => p.padStart(3, '0')).join('.');
    return row[key] || '';
  }

  function authCell(results) {
    const cell = el('td', { className: 'auth' });
    if (results.length === 0) cell.appendChild(el('span', { className: 'muted', text: 'none' }));
    for (const r of results) {
      const label = (r.domain || '(no domain)') + (r.selector ? ' (s=' + r.selector + ')' : '') + (r.scope ? ' [' + r.scope + ']' : '');
      cell.appendChild(el('div', { className: 'result ' + (r.result === 'pass' ? 'pass' : 'fail') }, [el('span', { className: 'verdict', text: r.result || '?' }), ' ', label, el('span', { className: r.aligned ? 'aligned' : 'unaligned', text: r.aligned ? ' aligned' : ' not aligned' })]));
    }
    return cell;
  }

  function renderTable() {
    const summary = state.summary;
    const old = document.getElementById('report-rows');
    let rows = summary.rows;
    if (state.failuresOnly) rows = rows.filter((r) => r.dmarc === 'fail');
    if (state.source) rows = rows.filter((r) => r.source === state.source);
    const key = state.sortKey;
    const direction = state.sortDescending ? -1 : 1;
    rows = rows.slice().sort((a, b) => {
      const x = sortValue(a, key, summary);
      const y = sortValue(b, key, summary);
      return (x < y ? -1 : x > y ? 1 : 0) * direction || b.count - a.count;
    });
    const multi = summary.reports.length > 1;
    const columns = COLUMNS.filter((c) => multi || c.key !== 'report');
    const headRow = el('tr');
    for (const c of columns) {
      const th = el('th');
      const sortButton = button(c.label + (state.sortKey === c.key ? (state.sortDescending ? ' ▼' : ' ▲') : ''), () => {
        if (state.sortKey === c.key) state.sortDescending = !state.sortDescending;
        else {
          state.sortKey = c.key;
          state.sortDescending = c.key === 'count';
        }
        renderTable();
      }, 'sort');
      sortButton.setAttribute('aria-label', 'Sort by ' + c.label);
      th.appendChild(sortButton);
      headRow.appendChild(th);
    }
    const body = el('tbody');
    for (const r of rows.slice(0, state.shown)) {
      const group = summary.groups.find((g) => g.key === r.source);
      const cells = {
        sourceIp: el('td', { className: 'ip', text: r.sourceIp }),
        source: el('td', { text: group ? group.label : r.source }),
        count: el('td', { className: 'number', text: number(r.count) }),
        disposition: el('td', { text: r.disposition || '(not given)' }),
        dmarc: el('td', { className: r.dmarc, text: r.dmarc }),
        dkim: el('td', { className: r.dkim === 'pass' ? 'pass' : 'fail', text: r.dkim || '(not given)' }),
        spf: el('td', { className: r.spf === 'pass' ? 'pass' : 'fail', text: r.spf || '(not given)' }),
        dkimResults: authCell(r.dkimResults),
        spfResults: authCell(r.spfResults),
        headerFrom: el('td', { text: r.headerFrom }),
        envelopeFrom: el('td', { text: r.envelopeFrom || '' }),
        report: el('td', { text: (summary.reports[r.report] || {}).orgName || '' }),
      };
      const tr = el('tr', { className: 'row-' + r.dmarc });
      for (const c of columns) tr.appendChild(cells[c.key]);
      if (r.reasons.length > 0) tr.title = 'Reasons: ' + r.reasons.join('; ');
      body.appendChild(tr);
    }
    const failures = el('input', { id: 'failures-only' });
    failures.type = 'checkbox';
    failures.checked = state.failuresOnly;
    failures.addEventListener('change', () => {
      state.failuresOnly = failures.checked;
      state.shown = PAGE;
      renderTable();
    });
    const sourceSelect = el('select', { id: 'source-filter' });
    sourceSelect.appendChild(el('option', { text: 'All sources' }));
    sourceSelect.options[0].value = '';
    for (const g of summary.groups) {
      const option = el('option', { text: g.label });
      option.value = g.key;
      sourceSelect.appendChild(option);
    }
    sourceSelect.value = state.source;
    sourceSelect.addEventListener('change', () => {
      state.source = sourceSelect.value;
      state.shown = PAGE;
      renderTable();
    });
    const label = el('label', {}, [failures, ' Failures only']);
    const count = el('span', { className: 'muted', id: 'row-count', text: number(Math.min(rows.length, state.shown)) + ' of ' + number(rows.length) + ' rows' + (summary.rowsOmitted > 0 ? ' (' + number(summary.rowsOmitted) + ' smaller passing rows not loaded; exports include them)' : '') });
    const section = el('section', { id: 'report-rows' }, [
      el('h2', { text: 'Rows by source IP' }),
      el('div', { className: 'toolbar' }, [label, sourceSelect, count, el('span', { className: 'spacer' }), button('Export CSV', () => vscode.postMessage({ type: 'export', format: 'csv' })), button('Export JSON', () => vscode.postMessage({ type: 'export', format: 'json' }))]),
      el('div', { className: 'table-wrap' }, [el('table', { id: 'report-table' }, [el('thead', {}, [headRow]), body])]),
      rows.length > state.shown
        ? button('Show ' + number(Math.min(PAGE, rows.length - state.shown)) + ' more', () => {
            state.shown += PAGE;
            renderTable();
          })
        : undefined,
    ]);
    if (old) old.replaceWith(section);
    else root.appendChild(section);
  }

  function renderSummary() {
    const summary = state.summary;
    const heading = summary.reports.length === 1 ? 'DMARC aggregate report' : number(summary.reports.length) + ' DMARC aggregate reports';
    show([
      el('header', {}, [el('h1', { text: heading }), el('p', { id: 'report-status', className: 'muted', text: state.title })]),
      renderMetadata(summary),
      renderTotals(summary),
      renderProblems(summary.problems, 'Problems found while reading'),
      renderSnippet(),
      renderSources(summary),
      renderChart(summary),
    ]);
    renderTable();
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'progress':
        renderProgress(message);
        break;
      case 'summary':
        state.summary = message.summary;
        state.title = message.title;
        state.reverseDns = message.reverseDns;
        renderSummary();
        break;
      case 'failed':
        renderFailed(message);
        break;
      case 'cancelled':
        show([el('p', { id: 'report-status', text: 'Cancelled. Reopen the file to read it again.' })]);
        break;
      case 'snippet':
        state.snippet = { domain: message.domain, region: message.region, text: message.text };
        if (state.summary) renderSummary();
        break;
    }
  });

  vscode.postMessage({ type: 'ready' });
})();

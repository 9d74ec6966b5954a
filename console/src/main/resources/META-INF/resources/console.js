// The DealStream console: renders what /console/stream pushes (Server-Sent Events, one JSON message each:
// history, record, deal, lag). No build step, no library: the page works offline.
'use strict';

let kept = 200; // until the console says how many it keeps
const records = []; // newest first, at most `kept`

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

function td(text, cls, attrs) { return el('td', Object.assign({ class: cls, text: text ?? '' }, attrs || {})); }

// $15B, $2.5M, $1,234.56: as make watch prints money
function money(n) {
  if (n === null || n === undefined) return '–';
  const v = Number(n);
  if (v === 0) return '$0';
  const abs = Math.abs(v);
  const trim = x => String(Number(x.toFixed(3)));
  if (abs >= 1e9) return '$' + trim(v / 1e9) + 'B';
  if (abs >= 1e6) return '$' + trim(v / 1e6) + 'M';
  return '$' + v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
const gw = n => (n === null || n === undefined) ? '–' : Number(n).toFixed(3);
const pct = n => (n === null || n === undefined) ? '–' : (Number(n) * 100).toFixed(4) + ' %';

function status(id, up, label, title) {
  const li = document.getElementById('status-' + id);
  li.className = up ? 'up' : 'down';
  li.dataset.state = up ? 'up' : 'down';
  li.querySelector('b').textContent = label;
  li.title = title || '';
}

// a section whose service is down keeps its last figures, dimmed, under the problem
function part(sectionId, part, name) {
  const section = document.getElementById(sectionId);
  const problem = section.querySelector('.problem');
  if (part.up) {
    section.classList.remove('stale');
    problem.hidden = true;
  } else {
    section.classList.add('stale');
    problem.hidden = false;
    problem.textContent = name + ' is down (' + part.url + ': ' + part.problem + '); the last figures read are shown';
  }
  return part.up;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function renderDeal(deal) {
  const inv = deal.investment, cmp = deal.compute, dst = deal.distribution;
  status('investment', inv.up, inv.up ? 'up' : 'down', inv.url + (inv.up ? '' : ': ' + inv.problem));
  status('compute', cmp.up, cmp.up ? 'up' : 'down', cmp.url + (cmp.up ? '' : ': ' + cmp.problem));
  status('distribution', dst.up, dst.up ? 'up' : 'down', dst.url + (dst.up ? '' : ': ' + dst.problem));
  document.getElementById('round-id').textContent = deal.round;

  const roundUp = part('round', inv, 'investment-service');
  part('tranches', inv, 'investment-service');
  if (roundUp) {
    const cap = inv.data.capTable;
    document.getElementById('round-figures').textContent = money(cap.roundAmount) + ' at ' + money(cap.preMoneyValuation)
      + ' pre-money, ' + money(cap.postMoneyValuation) + ' post-money';
    fill(document.querySelector('#cap-table tbody'), cap.investors.map(l => el('tr', { 'data-investor': l.investor },
      td(l.investor), td(money(l.committed), 'num committed'), td(money(l.funded), 'num funded'),
      td(pct(l.stakeNow), 'num stake-now'), td(pct(l.stakeIfAllFunded), 'num stake-if-all-funded'))));
    fill(document.querySelector('#tranches tbody'), inv.data.tranches.map(t => {
      const trigger = t.trigger ? t.trigger.type + ' on ' + t.trigger.occurredOn : '–';
      const deadlines = [t.dueOn ? 'due ' + t.dueOn : null, t.expiresOn ? 'expires ' + t.expiresOn : null,
        t.trigger ? 'fund by ' + t.trigger.fundingDeadline : null, t.expiredOn ? 'expired ' + t.expiredOn : null]
        .filter(x => x).join(', ');
      return el('tr', { 'data-tranche': t.trancheId },
        td(t.trancheId), td(t.investor + ' (' + t.roundId + ')'), td(money(t.amount), 'num'),
        td(t.state, 'state state-' + t.state), td(String(t.version), 'num version'), td(trigger, 'trigger'),
        td(deadlines, 'deadlines'), td(money(t.fundedAmount) + (t.fundedOn ? ' on ' + t.fundedOn : ''), 'funded'));
    }));
  }

  if (part('capacity', cmp, 'compute-service')) {
    const totals = { released: 0, pending: 0, lapsed: 0 };
    const rows = [];
    for (const c of cmp.data.capacity.commitments) {
      for (const g of c.generations) {
        totals.released += Number(g.releasedGw);
        totals.pending += Number(g.pendingGw);
        totals.lapsed += Number(g.lapsedGw);
        rows.push(el('tr', { 'data-commitment': c.commitmentId, 'data-generation': g.generation },
          td(c.commitmentId), td(g.generation), td(gw(g.contractedGw), 'num'), td(gw(g.releasedGw), 'num released'),
          td(gw(g.pendingGw), 'num pending'), td(gw(g.lapsedGw), 'num lapsed'), td(g.availableFrom || '–')));
      }
    }
    fill(document.querySelector('#capacity tbody'), rows);
    for (const [k, v] of Object.entries(totals)) {
      document.querySelector('#capacity [data-total="' + k + '"]').textContent = gw(v);
    }
  }

  const rightsUp = part('rights', dst, 'distribution-service');
  part('entitlements', dst, 'distribution-service');
  if (rightsUp) {
    fill(document.querySelector('#rights tbody'), dst.data.rights.map(r => el('tr', { 'data-right': r.id },
      td(r.id), td(r.holder), td(r.product), td(r.cloud + ' / ' + r.mode), td(r.exclusive ? 'exclusive' : ''),
      td(r.status, 'status status-' + r.status), td(r.reason || '', 'reason'), td(String(r.version), 'num'))));
    renderMatrix(deal.matrix, dst.data.entitlements);
  }
}

function renderMatrix(matrix, cells) {
  const byKey = new Map(cells.map(c => [c.product + '/' + c.cloud + '/' + c.mode, c]));
  const thead = document.querySelector('#entitlements thead');
  const top = el('tr', {}, el('th', { rowspan: 2, text: 'product' }));
  const sub = el('tr');
  for (const cloud of matrix.clouds) {
    top.append(el('th', { colspan: matrix.modes.length, text: cloud }));
    for (const mode of matrix.modes) sub.append(el('th', { text: mode.toLowerCase() }));
  }
  thead.replaceChildren(top, sub);
  fill(document.querySelector('#entitlements tbody'), matrix.products.map(product => {
    const tr = el('tr', {}, td(product));
    for (const cloud of matrix.clouds) {
      for (const mode of matrix.modes) {
        const key = product + '/' + cloud + '/' + mode;
        const c = byKey.get(key);
        tr.append(td(c.allowed ? 'allowed' : 'no', c.allowed ? 'allowed' : 'refused',
          { 'data-entitlement': key, 'data-allowed': String(c.allowed), title: c.reason }));
      }
    }
    return tr;
  }));
}

// --- the stream ---
const topicFilter = document.getElementById('filter-topic');
const subjectFilter = document.getElementById('filter-subject');

function shown(r) {
  const subject = subjectFilter.value.trim().toLowerCase();
  return (!topicFilter.value || r.topic === topicFilter.value)
    && (!subject || (r.subject || '').toLowerCase().includes(subject));
}

function recordRow(r, fresh) {
  const cls = [r.deadLetterReason ? 'dead-letter' : '', fresh ? 'fresh' : ''].join(' ').trim();
  return el('tr', { class: cls || null, 'data-topic': r.topic, 'data-type': r.type, 'data-subject': r.subject,
      'data-offset': r.topic + '-' + r.partition + '@' + r.offset },
    td(r.time.replace('T', ' ').replace('Z', ''), 'time'), td(r.topic, 'topic'), td(r.partition + '/' + r.offset, 'num'),
    td(r.type, 'type'), td(r.subject, 'subject'), td(r.summary, 'summary'), td(r.deadLetterReason || '', 'reason'));
}

function addTopic(topic) {
  if (![...topicFilter.options].some(o => o.value === topic)) topicFilter.append(el('option', { value: topic, text: topic }));
}

function renderStream() {
  document.querySelector('#stream tbody').replaceChildren(...records.filter(shown).map(r => recordRow(r, false)));
}

function addRecord(r) {
  records.unshift(r);
  if (records.length > kept) records.length = kept;
  addTopic(r.topic);
  const tbody = document.querySelector('#stream tbody');
  if (shown(r)) tbody.prepend(recordRow(r, true));
  while (tbody.rows.length > kept) tbody.deleteRow(-1);
}

topicFilter.addEventListener('change', renderStream);
subjectFilter.addEventListener('input', renderStream);
// the filter filters as you type; Enter submits nothing (and the page's policy allows no inline handler to say so)
document.getElementById('stream-filter').addEventListener('submit', e => e.preventDefault());

// --- lag ---
function renderLag(lag) {
  status('kafka', lag.brokerUp, lag.brokerUp ? 'up' : 'down', lag.broker + (lag.brokerUp ? '' : ': ' + lag.problem));
  const section = document.getElementById('lag');
  const problem = section.querySelector('.problem');
  problem.hidden = lag.brokerUp;
  section.classList.toggle('stale', !lag.brokerUp);
  if (!lag.brokerUp) {
    problem.textContent = 'Kafka is down (' + lag.problem + '); the last lag read is shown';
    return;
  }
  const rows = [];
  for (const g of lag.groups) {
    for (const p of g.partitions) {
      rows.push(el('tr', { 'data-group': g.group, 'data-partition': p.topic + '-' + p.partition },
        td(g.group), td(p.topic), td(String(p.partition), 'num'),
        td(p.committed === null ? 'none committed' : String(p.committed), 'num'), td(String(p.end), 'num'),
        td(String(p.lag), 'num lag')));
    }
    rows.push(el('tr', { class: 'total', 'data-group': g.group },
      td(g.group), td('total (' + g.state + ', ' + g.members + (g.members === 1 ? ' member)' : ' members)')),
      td(''), td(''), td(''), td(String(g.total), 'num lag')));
  }
  fill(section.querySelector('tbody'), rows);
}

// --- the feed ---
function connect() {
  const source = new EventSource('console/stream');
  source.onopen = () => status('console', true, 'live', 'receiving the console\'s live feed');
  source.onerror = () => status('console', false, 'reconnecting', 'the console does not answer; the browser retries');
  source.onmessage = e => {
    const m = JSON.parse(e.data);
    if (m.kind === 'history') {
      kept = m.data.kept;
      document.getElementById('stream-kept').textContent = String(kept);
      records.length = 0;
      for (const r of m.data.records) { records.unshift(r); addTopic(r.topic); }
      renderStream();
    } else if (m.kind === 'record') {
      addRecord(m.data);
    } else if (m.kind === 'deal') {
      renderDeal(m.data);
    } else if (m.kind === 'lag') {
      renderLag(m.data);
    }
  };
}

connect();

namespace ApiThreat.Engine.Export.Report;

/// <summary>
/// The report's only style and script, inlined and allowed by their SHA-256 in the page's CSP. Event handlers are
/// attached here (inline handlers would need 'unsafe-inline'); the script also records CSP violations and errors on
/// the body (data-csp-violations, data-script-errors) so a headless browser test can see them in the DOM.
/// </summary>
internal static class ReportAssets
{
    public const string Style = """
:root{--report-ok:1;color-scheme:light dark}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:18px;border-bottom:1px solid #d0d7de}
h1{font-size:24px;margin:6px 0}h2{font-size:19px;margin:26px 0 8px;border-bottom:1px solid #eaeef2;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#57606a;margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:110px}
.card .n{font-size:22px;font-weight:600;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
figure{margin:0;border:1px solid #eaeef2;border-radius:6px;padding:10px}
figcaption{font-weight:600;margin-bottom:6px}
svg.chart{max-width:100%;height:auto}
svg .label,svg .value,svg .axis{font-size:12px;fill:#1b1f24}svg .axis{fill:#57606a}
svg .today{stroke:#57606a;stroke-dasharray:3 3}
.sev-critical{fill:#8b0000;background:#8b0000;color:#fff}.sev-high{fill:#cf222e;background:#cf222e;color:#fff}
.sev-medium{fill:#d4a72c;background:#d4a72c;color:#1b1f24}.sev-low{fill:#54aeff;background:#54aeff;color:#1b1f24}
.sev-info{fill:#8c959f;background:#8c959f;color:#fff}
.grade-a{fill:#1a7f37}.grade-b{fill:#4ac26b}.grade-c{fill:#d4a72c}.grade-d{fill:#fb8500}.grade-e,.grade-f{fill:#cf222e}
.cat{fill:#6e40c9}.kind{fill:#0969da}
.cert-expired{fill:#cf222e}.cert-soon{fill:#fb8500}.cert-ok{fill:#1a7f37}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;position:sticky;top:0}
.paged thead th{cursor:pointer;user-select:none}
.paged thead th[aria-sort=ascending]::after{content:" \25B2"}.paged thead th[aria-sort=descending]::after{content:" \25BC"}
.controls{display:flex;gap:10px;align-items:center;margin:8px 0}
.controls input{flex:1;max-width:380px;padding:4px 6px}
.pager{display:flex;gap:8px;align-items:center;margin:4px 0 12px}.pager .page{color:#57606a}
details summary{cursor:pointer}details[open] summary{margin-bottom:4px}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;border-radius:4px;padding:6px;margin:4px 0}
.finding{border-left:4px solid #8c959f;padding:2px 10px;margin:10px 0}
.finding.critical{border-color:#8b0000}.finding.high{border-color:#cf222e}.finding.medium{border-color:#d4a72c}.finding.low{border-color:#54aeff}
.muted{color:#57606a}
footer{color:#57606a;border-top:1px solid #d0d7de;margin-top:30px;padding:10px 20px 30px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}thead th,pre{background:#161b22}th,td{border-color:#30363d}
svg .label,svg .value{fill:#e6edf3}.card,figure{border-color:#30363d}}
@media print{.controls,.pager{display:none}thead th{position:static}}
""";

    public const string Script = """
(function () {
  'use strict';
  var body = document.body, violations = 0, PAGE = 100;
  document.addEventListener('securitypolicyviolation', function () { violations++; body.setAttribute('data-csp-violations', String(violations)); });
  window.addEventListener('error', function () { body.setAttribute('data-script-errors', '1'); });
  var ok = getComputedStyle(document.documentElement).getPropertyValue('--report-ok').trim() === '1';
  body.setAttribute('data-style-ok', ok ? '1' : '0');
  var node = document.getElementById('report-data');
  var D = node ? JSON.parse(node.textContent) : null;
  if (D) {
    var S = D.strings, F = D.findings, H = D.hosts, C = D.changes, DET = D.details;
    var SEV = D.severities, CONF = D.confidences, CAT = D.categories;
    // A string is inline, or the index of a string used more than once.
    var str = function (x) { return typeof x === 'number' ? S[x] : (x == null ? '' : x); };
    var el = function (tag, text, cls) {
      var e = document.createElement(tag);
      if (text != null && text !== '') e.textContent = text;
      if (cls) e.className = cls;
      return e;
    };
    var cell = function (tr, content) { var td = el('td'); if (content != null) { if (typeof content === 'object') td.appendChild(content); else td.textContent = content; } tr.appendChild(td); return td; };
    var badge = function (sev) { return el('span', SEV[sev], 'badge sev-' + SEV[sev].toLowerCase()); };
    var anchorOf = function (i) { var a = H[i][5]; return a == null ? 'host-' + str(H[i][0]) : str(a); };
    var hostLink = function (i) { var a = el('a', str(H[i][0])); a.setAttribute('href', '#' + anchorOf(i)); return a; };
    // Only absolute http(s) URLs become links (the writer checked them too); anything else stays text.
    var extLink = function (text, url) {
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return document.createTextNode(text);
      var a = el('a', text); a.setAttribute('href', url); a.rel = 'noopener noreferrer'; a.target = '_blank'; return a;
    };
    var list = function (xs) { return xs.map(str).join(', '); };

    var findingDetail = function (f, into) {
      if (f.length > 9) into.appendChild(el('p', 'at ' + str(f[9]), 'muted'));
      var ev = str(f[7]);
      if (ev) into.appendChild(el('pre', ev, 'evidence'));
      var d = DET[f[8]], rem = str(d[0]);
      if (rem) { var p = el('p'); p.appendChild(el('strong', 'Remediation:')); p.appendChild(document.createTextNode(' ' + rem)); into.appendChild(p); }
      var refs = d[3].map(function (r) { return extLink(str(r[0]), r[1] == null ? null : str(r[1])); });
      var owasp = str(d[2]);
      if (owasp) refs.splice(str(d[1]) ? 1 : 0, 0, document.createTextNode('OWASP ' + owasp));
      if (refs.length) {
        var rp = el('p', null, 'muted refs');
        refs.forEach(function (r, k) { if (k) rp.appendChild(document.createTextNode(' · ')); rp.appendChild(r); });
        into.appendChild(rp);
      }
    };

    // One paged, sortable, filterable table over rows of the data block: only the current page is in the DOM.
    var pager = function (o) {
      var table = document.getElementById(o.id);
      if (!table) return null;
      var tbody = table.tBodies[0], input = document.getElementById(o.id + '-filter');
      var status = document.getElementById(o.id + '-status'), nav = document.getElementById(o.id + '-pager');
      var label = nav.querySelector('.page'), order = [], shown = [], page = 0, hay = new Array(o.count), i;
      for (i = 0; i < o.count; i++) order.push(i);
      var draw = function () {
        var pages = Math.max(1, Math.ceil(shown.length / PAGE));
        if (page >= pages) page = pages - 1;
        if (page < 0) page = 0;
        var frag = document.createDocumentFragment(), end = Math.min(shown.length, (page + 1) * PAGE);
        for (var k = page * PAGE; k < end; k++) frag.appendChild(o.row(shown[k]));
        tbody.textContent = '';
        tbody.appendChild(frag);
        status.textContent = 'Showing ' + shown.length + ' of ' + o.count + ' ' + o.noun;
        status.setAttribute('data-shown', String(shown.length));
        label.textContent = 'Page ' + (page + 1) + ' of ' + pages;
        nav.setAttribute('data-page', String(page + 1));
        nav.setAttribute('data-pages', String(pages));
      };
      var apply = function () {
        var q = input.value.trim().toLowerCase();
        shown = [];
        for (var k = 0; k < order.length; k++) {
          var r = order[k];
          if (o.accept && !o.accept(r)) continue;
          if (q) {
            var t = hay[r];
            if (t === undefined) t = hay[r] = o.text(r).toLowerCase();
            if (t.indexOf(q) < 0) continue;
          }
          shown.push(r);
        }
        page = 0;
        draw();
      };
      nav.addEventListener('click', function (e) {
        var b = e.target.closest('button');
        if (!b) return;
        var to = b.getAttribute('data-page'), pages = Math.max(1, Math.ceil(shown.length / PAGE));
        page = to === 'first' ? 0 : to === 'prev' ? page - 1 : to === 'next' ? page + 1 : pages - 1;
        draw();
      });
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        th.tabIndex = 0;
        var sort = function () {
          var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
          var keys = new Array(o.count);
          for (var k = 0; k < o.count; k++) keys[k] = o.key(k, col);
          order.sort(function (a, b) {
            var x = keys[a], y = keys[b];
            var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
            return c !== 0 ? c * dir : a - b;
          });
          apply();
        };
        th.addEventListener('click', sort);
        th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
      });
      input.addEventListener('input', apply);
      apply();
      return { apply: apply, input: input };
    };

    // Findings: [severity, rule, title, host, target, category, confidence, evidence, detail, location]
    var sevSelect = document.getElementById('severity-filter');
    var findings = pager({
      id: 'findings', count: F.length, noun: 'findings',
      accept: function (i) { return !sevSelect.value || SEV[F[i][0]] === sevSelect.value; },
      text: function (i) { var f = F[i]; return [SEV[f[0]], str(f[1]), str(f[2]), f[3] >= 0 ? str(H[f[3]][0]) : '', str(f[4]), CAT[f[5]], CONF[f[6]], str(f[7])].join(' '); },
      key: function (i, col) {
        var f = F[i];
        switch (col) {
          case 0: return 4 - f[0];
          case 1: return str(f[1]);
          case 2: return str(f[2]);
          case 3: return f[3] >= 0 ? str(H[f[3]][0]) : '';
          case 4: return str(f[4]);
          case 5: return CAT[f[5]];
          default: return 4 - f[6];
        }
      },
      row: function (i) {
        var f = F[i], tr = el('tr');
        tr.setAttribute('data-severity', SEV[f[0]]);
        cell(tr, badge(f[0]));
        cell(tr, str(f[1]));
        var det = el('details'); det.appendChild(el('summary', str(f[2])));
        det.addEventListener('toggle', function () { if (det.open && det.childNodes.length === 1) findingDetail(f, det); });
        cell(tr, det);
        cell(tr, f[3] >= 0 ? hostLink(f[3]) : '');
        cell(tr, str(f[4]));
        cell(tr, CAT[f[5]]);
        cell(tr, CONF[f[6]]);
        return tr;
      }
    });
    if (sevSelect && findings) sevSelect.addEventListener('change', findings.apply);

    // Hosts: [name, worst, findings, grade, score, anchor, addresses, cname, sources, wildcard, endpoints,
    //         certificates, probes, technologies, factors, caps, explanation]
    var scope = document.getElementById('host-scope');
    var hosts = pager({
      id: 'hosts-table', count: H.length, noun: 'hosts',
      accept: function (i) { var v = scope.value; return v === 'all' || (v === 'with' ? H[i][2] > 0 : H[i][2] === 0); },
      text: function (i) { var h = H[i]; return [str(h[0]), h[1] >= 0 ? SEV[h[1]] : '', str(h[3]), list(h[6]), list(h[7]), list(h[13])].join(' '); },
      key: function (i, col) {
        var h = H[i];
        switch (col) {
          case 0: return str(h[0]);
          case 1: return 4 - h[1];
          case 2: return -h[2];
          case 3: return str(h[3]) || '~';
          case 4: return -h[10].length;
          case 5: return -h[11].length;
          default: return list(h[6]);
        }
      },
      row: function (i) {
        var h = H[i], tr = el('tr');
        cell(tr, hostLink(i));
        cell(tr, h[1] >= 0 ? badge(h[1]) : '');
        cell(tr, String(h[2]));
        cell(tr, str(h[3]));
        cell(tr, String(h[10].length));
        cell(tr, String(h[11].length));
        cell(tr, list(h[6]));
        return tr;
      }
    });
    if (scope && hosts) scope.addEventListener('change', hosts.apply);

    // Changes: [change, item, key, property, before, after, severity]
    pager({
      id: 'changes-table', count: C.length, noun: 'changes',
      text: function (i) { var c = C[i]; return [str(c[0]), str(c[1]), str(c[2]), str(c[3]), str(c[4]), str(c[5]), SEV[c[6]]].join(' '); },
      key: function (i, col) { var c = C[i]; return col === 6 ? 4 - c[6] : str(c[col]); },
      row: function (i) {
        var c = C[i], tr = el('tr');
        for (var k = 0; k < 6; k++) cell(tr, str(c[k]));
        cell(tr, SEV[c[6]]);
        return tr;
      }
    });

    // A host's details, drawn when its link is followed.
    var detail = document.getElementById('host-detail'), anchors = null, byHost = null;
    var table = function (heads, rows) {
      var t = el('table'), thead = el('thead'), tr = el('tr'), tb = el('tbody');
      heads.forEach(function (h) { tr.appendChild(el('th', h)); });
      thead.appendChild(tr); t.appendChild(thead);
      rows.forEach(function (r) { var row = el('tr'); r.forEach(function (v) { cell(row, v); }); tb.appendChild(row); });
      t.appendChild(tb);
      return t;
    };
    var showHost = function (anchor) {
      if (!detail) return false;
      if (!anchors) { anchors = {}; for (var k = 0; k < H.length; k++) anchors[anchorOf(k)] = k; }
      var i = anchors[anchor];
      if (i === undefined) return false;
      if (!byHost) {
        byHost = {};
        for (var n = 0; n < F.length; n++) { var hi = F[n][3]; (byHost[hi] = byHost[hi] || []).push(n); }
      }
      var h = H[i], fs = byHost[i] || [];
      detail.textContent = '';
      detail.setAttribute('data-host', str(h[0]));
      var title = str(h[0]) + (str(h[3]) ? ' · grade ' + str(h[3]) + ' (' + h[4] + '/100)' : '');
      detail.appendChild(el('h3', title));
      detail.appendChild(el('p', fs.length + ' findings', 'muted'));
      var facts = [];
      if (h[6].length) facts.push('Addresses: ' + list(h[6]));
      if (h[7].length) facts.push('CNAME: ' + h[7].map(str).join(' → '));
      if (h[8].length) facts.push('Found by: ' + list(h[8]) + (h[9] ? ' (wildcard)' : ''));
      if (h[13].length) facts.push('Technologies: ' + list(h[13]));
      facts.forEach(function (t) { detail.appendChild(el('p', t)); });
      h[12].forEach(function (p) { detail.appendChild(el('p', str(p[0]) + ': ' + p[1] + ' ' + str(p[2]) + (str(p[3]) ? ' · server ' + str(p[3]) : ''))); });
      if (h[11].length) detail.appendChild(table(['Port', 'Subject', 'Issuer', 'Expires', 'Status'], h[11].map(function (c) {
        return [String(c[0]), str(c[1]), str(c[2]), str(c[3]) + ' (' + c[4] + ' d)', str(c[5]) + (c[6] ? '' : ' · name mismatch')];
      })));
      if (h[10].length) detail.appendChild(table(['API', 'Kind', 'Status', 'Title', 'Authentication', 'Operations'], h[10].map(function (e) {
        return [str(e[0]), str(e[1]), String(e[2]), str(e[3]), str(e[4]), String(e[5])];
      })));
      if (h[14].length) detail.appendChild(table(['Category', 'Score', 'Weight', 'Findings'], h[14].map(function (x) {
        return [CAT[x[0]], String(x[1]), String(x[2]), String(x[3])];
      })));
      [h[15], h[16]].forEach(function (lines) {
        if (!lines.length) return;
        var ul = el('ul', null, 'explanation');
        lines.forEach(function (l) { ul.appendChild(el('li', str(l))); });
        detail.appendChild(ul);
      });
      fs.forEach(function (n) {
        var f = F[n], sev = SEV[f[0]].toLowerCase(), d = el('div', null, 'finding ' + sev), p = el('p');
        p.appendChild(badge(f[0]));
        p.appendChild(document.createTextNode(' '));
        p.appendChild(el('strong', str(f[1])));
        p.appendChild(document.createTextNode(' ' + str(f[2]) + ' '));
        p.appendChild(el('span', 'on ' + str(f[4]), 'muted'));
        d.appendChild(p);
        findingDetail(f, d);
        detail.appendChild(d);
      });
      detail.hidden = false;
      if (detail.scrollIntoView) detail.scrollIntoView();
      return true;
    };

    // A link can carry a filter (report.html#severity=High&q=nginx: values only ever set form fields) or a host.
    var route = function () {
      var hash = location.hash.replace(/^#/, '');
      if (/^host-/.test(hash)) { try { showHost(decodeURIComponent(hash)); } catch (e) { showHost(hash); } return; }
      if (!findings) return;
      hash.split('&').forEach(function (p) {
        var kv = p.split('='), v = '';
        try { v = kv.length > 1 ? decodeURIComponent(kv[1].replace(/\+/g, ' ')) : ''; } catch (e) { v = ''; }
        if (kv[0] === 'q') findings.input.value = v;
        if (kv[0] === 'severity' && Array.prototype.some.call(sevSelect.options, function (o) { return o.value === v; })) sevSelect.value = v;
      });
      findings.apply();
    };
    window.addEventListener('hashchange', route);
    route();
  }
  body.setAttribute('data-ready', '1');
  if (window.performance && performance.now) body.setAttribute('data-load-ms', String(Math.round(performance.now())));
})();
""";
}

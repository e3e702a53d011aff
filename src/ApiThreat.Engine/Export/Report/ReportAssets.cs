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
#findings thead th{cursor:pointer;user-select:none}
#findings thead th[aria-sort=ascending]::after{content:" \25B2"}#findings thead th[aria-sort=descending]::after{content:" \25BC"}
.controls{display:flex;gap:10px;align-items:center;margin:8px 0}
.controls input{flex:1;max-width:380px;padding:4px 6px}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;border-radius:4px;padding:6px;margin:4px 0}
.finding{border-left:4px solid #8c959f;padding:2px 10px;margin:10px 0}
.finding.critical{border-color:#8b0000}.finding.high{border-color:#cf222e}.finding.medium{border-color:#d4a72c}.finding.low{border-color:#54aeff}
.muted{color:#57606a}
footer{color:#57606a;border-top:1px solid #d0d7de;margin-top:30px;padding:10px 20px 30px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}thead th,pre{background:#161b22}th,td{border-color:#30363d}
svg .label,svg .value{fill:#e6edf3}.card,figure{border-color:#30363d}}
@media print{.controls{display:none}thead th{position:static}}
""";

    public const string Script = """
(function () {
  'use strict';
  var body = document.body, violations = 0;
  document.addEventListener('securitypolicyviolation', function () { violations++; body.setAttribute('data-csp-violations', String(violations)); });
  window.addEventListener('error', function () { body.setAttribute('data-script-errors', '1'); });
  var ok = getComputedStyle(document.documentElement).getPropertyValue('--report-ok').trim() === '1';
  body.setAttribute('data-style-ok', ok ? '1' : '0');
  var table = document.getElementById('findings');
  if (table) {
    var tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
    var text = document.getElementById('finding-filter'), sev = document.getElementById('severity-filter');
    var status = document.getElementById('table-status');
    var apply = function () {
      var q = text.value.toLowerCase(), s = sev.value, shown = 0;
      rows.forEach(function (r) {
        var visible = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!s || r.getAttribute('data-severity') === s);
        r.hidden = !visible;
        if (visible) shown++;
      });
      status.textContent = 'Showing ' + shown + ' of ' + rows.length + ' findings';
      status.setAttribute('data-shown', String(shown));
    };
    var key = function (row, i) { var c = row.cells[i]; return c.hasAttribute('data-sort') ? c.getAttribute('data-sort') : c.textContent; };
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      var sort = function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        rows.sort(function (a, b) {
          var x = key(a, i), y = key(b, i), nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return c * dir;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
    text.addEventListener('input', apply);
    sev.addEventListener('change', apply);
    // A link can carry a filter: report.html#severity=High&q=nginx (values only ever set form fields).
    var hash = location.hash.replace(/^#/, '').split('&');
    hash.forEach(function (p) {
      var kv = p.split('='), v = '';
      try { v = kv.length > 1 ? decodeURIComponent(kv[1].replace(/\+/g, ' ')) : ''; } catch (e) { v = ''; }
      if (kv[0] === 'q') text.value = v;
      if (kv[0] === 'severity' && Array.prototype.some.call(sev.options, function (o) { return o.value === v; })) sev.value = v;
    });
    apply();
  }
  body.setAttribute('data-ready', '1');
})();
""";
}

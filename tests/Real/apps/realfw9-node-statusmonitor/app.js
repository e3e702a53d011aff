/**
 * A small Express API with express-status-monitor as its README sets it up, on 127.0.0.1:PORT
 * (https://github.com/RafalWilinski/express-status-monitor#readme). MODE open: app.use(require('express-status-monitor')())
 * with its defaults, the dashboard at /status. MODE auth: the README's "Securing endpoint" example with http-auth:
 * { path: '' } so the middleware serves no page, and GET /status behind Basic authentication (one user whose random
 * password run.sh passes in APITHREAT_ESM_PASSWORD).
 * Run: node app.js PORT open|auth
 */
const express = require('express');
const expressStatusMonitor = require('express-status-monitor');

const [port, mode = 'open'] = process.argv.slice(2);
const app = express();
if (mode === 'auth') {
  const auth = require('http-auth');
  const basic = auth.basic({ realm: 'Monitor Area' }, (user, pass, callback) => callback(user === 'admin' && pass === process.env.APITHREAT_ESM_PASSWORD));
  const statusMonitor = expressStatusMonitor({ path: '' });
  app.use(statusMonitor.middleware);
  app.get('/status', basic.check(statusMonitor.pageRoute));
} else {
  app.use(expressStatusMonitor());
}
app.get('/api/v1/orders', (req, res) => res.json([{ id: 1, item: 'widget', quantity: 2 }]));
app.get('/api/v1/orders/:id', (req, res) => (req.params.id === '1' ? res.json({ id: 1, item: 'widget', quantity: 2 }) : res.status(404).json({ error: 'not found' })));
app.listen(Number(port), '127.0.0.1', () => console.log(`apithreat-ready: orders API on 127.0.0.1:${port} (${mode})`));

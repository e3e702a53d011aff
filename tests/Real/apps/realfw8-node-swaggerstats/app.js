/**
 * A small Express API with swagger-stats mounted as its README shows (app.use(swStats.getMiddleware({...}))), on
 * 127.0.0.1:PORT. swagger-stats serves its telemetry at /swagger-stats/stats, /swagger-stats/metrics and its dashboard at
 * /swagger-stats/ui (https://swaggerstats.io/guide/conf.html). MODE open: its default, authentication false.
 * MODE auth: authentication true with onAuthenticate checking one user against APITHREAT_SWS_PASSWORD (run.sh makes it
 * at random), as https://swaggerstats.io/guide/conf.html#authentication shows.
 * Run: node app.js PORT open|auth
 */
const express = require('express');
const swStats = require('swagger-stats');

const [port, mode = 'open'] = process.argv.slice(2);
const options = { name: 'orders-api', version: '1.0.0' };
if (mode === 'auth') {
  options.authentication = true;
  options.onAuthenticate = (req, username, password) => username === 'admin' && password === process.env.APITHREAT_SWS_PASSWORD;
}

const app = express();
app.use(swStats.getMiddleware(options));
app.get('/api/v1/orders', (req, res) => res.json([{ id: 1, item: 'widget', quantity: 2 }]));
app.get('/api/v1/orders/:id', (req, res) => (req.params.id === '1' ? res.json({ id: 1, item: 'widget', quantity: 2 }) : res.status(404).json({ error: 'not found' })));
app.listen(Number(port), '127.0.0.1', () => console.log(`apithreat-ready: orders API on 127.0.0.1:${port} (${mode})`));

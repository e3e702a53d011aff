/**
 * Bull Board mounted in an Express app as its README's example does
 * (https://github.com/felixmosh/bull-board#hello-world: an ExpressAdapter with setBasePath('/admin/queues'),
 * createBullBoard over BullMQ queues, app.use('/admin/queues', serverAdapter.getRouter())), on 127.0.0.1:PORT, with two
 * BullMQ queues in a loopback redis-server reached by its Unix socket (REDIS_SOCKET). Jobs are added once at start and
 * no worker runs, so they stay waiting. MODE open: the example as published, no authentication. MODE auth: the same
 * router behind express-basic-auth with a challenge (https://github.com/LionC/express-basic-auth#readme), one user
 * whose random password run.sh passes in APITHREAT_BULL_PASSWORD.
 * Run: node app.js PORT open|auth
 */
const express = require('express');
const basicAuth = require('express-basic-auth');
const { Queue } = require('bullmq');
const { createBullBoard } = require('@bull-board/api');
const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter');
const { ExpressAdapter } = require('@bull-board/express');

const [port, mode = 'open'] = process.argv.slice(2);
const connection = { path: process.env.REDIS_SOCKET };
const mail = new Queue('mail', { connection });
const reports = new Queue('reports', { connection });

const serverAdapter = new ExpressAdapter();
serverAdapter.setBasePath('/admin/queues');
createBullBoard({ queues: [new BullMQAdapter(mail), new BullMQAdapter(reports)], serverAdapter });

const app = express();
app.get('/api/v1/orders', (req, res) => res.json([{ id: 1, item: 'widget', quantity: 2 }]));
if (mode === 'auth') {
  app.use('/admin/queues', basicAuth({ users: { admin: process.env.APITHREAT_BULL_PASSWORD }, challenge: true }), serverAdapter.getRouter());
} else {
  app.use('/admin/queues', serverAdapter.getRouter());
}

(async () => {
  await mail.add('welcome', { to: 'user-1' });
  await mail.add('welcome', { to: 'user-2' });
  await reports.add('daily', { day: 1 });
  app.listen(Number(port), '127.0.0.1', () => console.log(`apithreat-ready: Bull Board on 127.0.0.1:${port}/admin/queues (${mode})`));
})();

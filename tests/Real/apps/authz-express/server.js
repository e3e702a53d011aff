// A small orders API on Express with jsonwebtoken, for Test-ApiAuthorization's real-software tests.
// AUTHZ_VARIANT=vulnerable plants the flaws tutorials show (decode without verify, a tutorial secret, a token read from
// the query string, an order lookup without an owner check, an admin route guarded only by the UI, Object.assign from
// the request body, login answers that tell users apart, no lockout); AUTHZ_VARIANT=safe is the correct twin.
'use strict';
const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');

const VULNERABLE = process.env.AUTHZ_VARIANT === 'vulnerable';
const PORT = Number(process.env.PORT || 3000);
const PASSWORD = process.env.AUTHZ_PASSWORD || crypto.randomBytes(12).toString('hex');
// The vulnerable variant signs with the tutorial's secret; the safe twin with a random 256-bit key.
const SECRET = VULNERABLE ? 'secret' : crypto.randomBytes(32).toString('hex');
const MAX_FAILURES = 5;

const users = [
  { id: 1, username: 'alice', role: 'user', email: 'alice@example.test' },
  { id: 2, username: 'bob', role: 'user', email: 'bob@example.test' },
  { id: 3, username: 'admin', role: 'admin', email: 'admin@example.test' },
];
const orders = [];
for (const owner of ['alice', 'bob']) {
  for (const item of ['keyboard', 'monitor']) {
    orders.push({ id: crypto.randomUUID(), owner, item, quantity: 1, price: 100, status: 'paid' });
  }
}
const failures = new Map();

const app = express();
app.use(express.json({ limit: '16kb' }));

app.post('/api/login', (req, res) => {
  const { username, password } = req.body || {};
  const user = users.find((u) => u.username === username);
  if (VULNERABLE) {
    if (!user) return res.status(404).json({ error: 'No such user' });
    if (password !== PASSWORD) return res.status(401).json({ error: 'Wrong password' });
  } else {
    const count = failures.get(String(username)) || 0;
    if (count >= MAX_FAILURES) return res.status(429).set('Retry-After', '60').json({ error: 'Too many failed attempts, try again later' });
    if (!user || password !== PASSWORD) {
      failures.set(String(username), count + 1);
      return res.status(401).json({ error: 'Invalid username or password' });
    }
    failures.delete(String(username));
  }
  res.json({ token: jwt.sign({ sub: user.username, role: user.role }, SECRET, { algorithm: 'HS256', expiresIn: '1h' }) });
});

function authenticate(req, res, next) {
  let token = (req.get('authorization') || '').replace(/^Bearer\s+/i, '');
  if (VULNERABLE && !token && typeof req.query.access_token === 'string') token = req.query.access_token;
  if (!token) return res.status(401).json({ error: 'Authentication required' });
  let claims;
  if (VULNERABLE) {
    claims = jwt.decode(token); // reads the claims without verifying the signature, the algorithm or the expiry
  } else {
    try {
      claims = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
    } catch (e) {
      return res.status(401).json({ error: 'Invalid token' });
    }
  }
  const user = claims && users.find((u) => u.username === claims.sub);
  if (!user) return res.status(401).json({ error: 'Invalid token' });
  req.user = user;
  next();
}

app.get('/api/me', authenticate, (req, res) => res.json({ id: req.user.id, username: req.user.username, role: req.user.role }));

app.get('/api/orders', authenticate, (req, res) => res.json(orders.filter((o) => o.owner === req.user.username)));

app.get('/api/orders/:id', authenticate, (req, res) => {
  const order = orders.find((o) => o.id === req.params.id && (VULNERABLE || o.owner === req.user.username));
  if (!order) return res.status(404).json({ error: 'Order not found' });
  res.json(order);
});

app.post('/api/orders', authenticate, (req, res) => {
  const base = { id: crypto.randomUUID(), owner: req.user.username, status: 'pending', price: 100 };
  const { item, quantity } = req.body || {};
  if (typeof item !== 'string' || !item) return res.status(400).json({ error: 'item is required' });
  const order = VULNERABLE ? Object.assign(base, req.body) : Object.assign(base, { item, quantity: Number(quantity) || 1 });
  orders.push(order);
  res.status(201).location(`/api/orders/${order.id}`).json(order);
});

app.delete('/api/orders/:id', authenticate, (req, res) => {
  const i = orders.findIndex((o) => o.id === req.params.id && o.owner === req.user.username);
  if (i < 0) return res.status(404).json({ error: 'Order not found' });
  orders.splice(i, 1);
  res.status(204).end();
});

// Every account, for the operators' console (the console only shows the link to administrators).
app.get('/api/admin/users', authenticate, (req, res) => {
  if (!VULNERABLE && req.user.role !== 'admin') return res.status(403).json({ error: 'Administrators only' });
  res.json(users);
});

app.use((req, res) => res.status(404).json({ error: 'Not found' }));

app.listen(PORT, '127.0.0.1', () => console.log(`authz-express (${VULNERABLE ? 'vulnerable' : 'safe'}) on 127.0.0.1:${PORT}`));

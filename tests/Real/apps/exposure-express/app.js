// A tutorial-style Express API. Express runs in development mode unless NODE_ENV=production: then its default error
// handler (finalhandler) prints stack traces to clients. Usage: node app.js <port>
const express = require('express');
const app = express();
app.use(express.json());

const products = [{ sku: 'W-1', name: 'Widget' }, { sku: 'G-2', name: 'Gadget' }];
app.get('/', (req, res) => res.json({ name: 'shop api', docs: '/api/products' }));
app.get('/api/products', (req, res) => res.json(products));
app.get('/api/products/:sku', (req, res) => {
  const found = products.find(p => p.sku === req.params.sku);
  if (!found) return res.status(404).json({ error: 'not found' });
  res.json(found);
});
app.post('/api/orders', (req, res) => res.status(401).json({ error: 'authentication required' }));
app.get('/api/report', (req, res) => { throw new Error('report backend unavailable'); });

const port = Number(process.argv[2] || 3000);
app.listen(port, '127.0.0.1', () => console.log(`listening on ${port} (${app.get('env')})`));

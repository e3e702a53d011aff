// Express with swagger-jsdoc (the description built from JSDoc comments) and redoc-express (a ReDoc page naming it
// with specUrl), as their READMEs set them up: the page at /docs, the description at /docs/swagger.json.
// Run: node server.js PORT
const express = require('express');
const swaggerJsdoc = require('swagger-jsdoc');
const redoc = require('redoc-express');

const app = express();
app.use(express.json());
const invoices = [{ id: 1, amount: 120 }];

/**
 * @openapi
 * /billing/invoices:
 *   get:
 *     description: Lists invoices.
 *     responses:
 *       200:
 *         description: The invoices.
 *   post:
 *     description: Creates an invoice.
 *     responses:
 *       201:
 *         description: Created.
 */
app.get('/billing/invoices', (req, res) => res.json(invoices));
app.post('/billing/invoices', (req, res) => res.status(201).json({ id: 2, ...req.body }));

/**
 * @openapi
 * /billing/invoices/{id}:
 *   get:
 *     parameters:
 *       - in: path
 *         name: id
 *         required: true
 *         schema: { type: integer }
 *     responses:
 *       200:
 *         description: One invoice.
 */
app.get('/billing/invoices/:id', (req, res) => res.json(invoices[0]));

const spec = swaggerJsdoc({
  definition: { openapi: '3.0.0', info: { title: 'Billing API', version: '1.0.0' } },
  apis: [__filename],
});
app.get('/docs/swagger.json', (req, res) => res.json(spec));
app.get('/docs', redoc({ title: 'API Docs', specUrl: '/docs/swagger.json' }));
app.listen(Number(process.argv[2]), '127.0.0.1');

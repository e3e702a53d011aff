// Express with swagger-ui-express as its README sets it up: app.use('/api-docs', swaggerUi.serve,
// swaggerUi.setup(swaggerDocument)). The document is inlined in /api-docs/swagger-ui-init.js, served nowhere else.
// Run: node server.js PORT
const express = require('express');
const swaggerUi = require('swagger-ui-express');
const swaggerDocument = require('./swagger.json');

const app = express();
app.use(express.json());
const books = [{ id: 1, title: 'Dune' }];
app.get('/api/books', (req, res) => res.json(books));
app.post('/api/books', (req, res) => res.status(201).json({ id: 2, ...req.body }));
app.get('/api/books/:id', (req, res) => res.json(books[0]));
app.get('/api/health', (req, res) => res.json({ status: 'ok' }));
app.use('/api-docs', swaggerUi.serve, swaggerUi.setup(swaggerDocument));
app.listen(Number(process.argv[2]), '127.0.0.1');

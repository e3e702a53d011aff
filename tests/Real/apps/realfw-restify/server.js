// Restify 12 as its guide starts (http://restify.com/docs/home/): a server with the accept, query and body parsers and
// a small `todos` resource, documented with JSDoc comments and served by restify-swagger-jsdoc at the path its README
// shows (/docs/swagger, the document at /docs/swagger/swagger.json). DOCS=off leaves the documentation out.
//   node server.js PORT
const restify = require('restify');
const errors = require('restify-errors');

const port = Number(process.argv[2]);
const server = restify.createServer({ name: 'todo-api' });
server.use(restify.plugins.acceptParser(server.acceptable));
server.use(restify.plugins.queryParser());
server.use(restify.plugins.bodyParser());

const todos = [{ id: 1, title: 'Write the release notes', done: false }];

/**
 * @swagger
 * /todos:
 *   get:
 *     summary: List the todos
 *     responses:
 *       200:
 *         description: The todos
 *   post:
 *     summary: Add a todo
 *     responses:
 *       201:
 *         description: The new todo
 */
server.get('/todos', (req, res, next) => { res.send(todos); next(); });
server.post('/todos', (req, res, next) => {
  const todo = { id: todos.length + 1, title: String((req.body && req.body.title) || ''), done: false };
  todos.push(todo);
  res.send(201, todo);
  next();
});

/**
 * @swagger
 * /todos/{id}:
 *   get:
 *     summary: One todo
 *     parameters:
 *       - { name: id, in: path, required: true, type: integer }
 *     responses:
 *       200:
 *         description: The todo
 *   delete:
 *     summary: Remove a todo
 *     parameters:
 *       - { name: id, in: path, required: true, type: integer }
 *     responses:
 *       204:
 *         description: Removed
 */
server.get('/todos/:id', (req, res, next) => {
  const todo = todos.find(t => t.id === Number(req.params.id));
  if (!todo) return next(new errors.NotFoundError('no such todo'));
  res.send(todo);
  next();
});
server.del('/todos/:id', (req, res, next) => { res.send(204); next(); });

if (process.env.DOCS !== 'off') {
  require('restify-swagger-jsdoc').createSwaggerPage({
    title: 'Todo API', version: '1.0.0', server, path: '/docs/swagger', apis: [__filename],
  });
}
server.listen(port, '127.0.0.1', () => console.log(`${server.name} listening at ${server.url}`));

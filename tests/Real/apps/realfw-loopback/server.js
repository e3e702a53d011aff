// A LoopBack 4 application as its getting-started scaffold serves it, written without TypeScript decorators:
// RestApplication with the API Explorer component (/explorer/, spec at /openapi.json, both LoopBack's defaults), the
// scaffold's GET /ping, and a small notes resource declared with app.route (LoopBack builds the OpenAPI document from
// these specs). Usage: node server.js <port>
const { RestApplication } = require('@loopback/rest');
const { RestExplorerComponent } = require('@loopback/rest-explorer');

const port = Number(process.argv[2] || 3000);
const app = new RestApplication({ rest: { host: '127.0.0.1', port } });
app.component(RestExplorerComponent);

const notes = [{ id: 1, title: 'Buy milk', done: false }, { id: 2, title: 'Call the plumber', done: true }];
const note = { type: 'object', properties: { id: { type: 'number' }, title: { type: 'string' }, done: { type: 'boolean' } } };
const json = (schema, description) => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'number' } };

app.route('get', '/ping', { responses: { 200: json({ type: 'object' }, 'Ping Response') } },
  () => ({ greeting: 'Hello from LoopBack', date: new Date() }));
app.route('get', '/notes', { responses: { 200: json({ type: 'array', items: note }, 'Array of Note model instances') } },
  () => notes);
app.route('post', '/notes', { requestBody: json(note, 'A new note'), responses: { 200: json(note, 'Note model instance') } },
  (body) => { const n = { ...body, id: notes.length + 1 }; notes.push(n); return n; });
app.route('get', '/notes/{id}', { parameters: [idParam], responses: { 200: json(note, 'Note model instance') } },
  (id) => notes.find((n) => n.id === id) || notes[0]);
app.route('delete', '/notes/{id}', { parameters: [idParam], responses: { 204: { description: 'Note DELETE success' } } },
  () => undefined);

app.start().then(() => console.log(`LoopBack listening on ${app.restServer.url}`)).catch((e) => { console.error(e); process.exit(1); });

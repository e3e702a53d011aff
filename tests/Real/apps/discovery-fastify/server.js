// Fastify with @fastify/swagger (dynamic mode) and @fastify/swagger-ui on its default routePrefix (/documentation):
// the spec is served at /documentation/json and /documentation/yaml.
// Run: node server.js PORT
const fastify = require('fastify')({ logger: false });

async function main() {
  await fastify.register(require('@fastify/swagger'), {
    openapi: { info: { title: 'Todo API', version: '1.0.0' } },
  });
  await fastify.register(require('@fastify/swagger-ui'));
  const todos = [{ id: 1, text: 'write tests', done: false }];
  fastify.get('/todos', { schema: { description: 'List todos' } }, async () => todos);
  fastify.post('/todos', { schema: { description: 'Add a todo' } }, async (req, reply) => reply.code(201).send({ id: 2 }));
  fastify.get('/todos/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } }, async () => todos[0]);
  fastify.delete('/todos/:id', async (req, reply) => reply.code(204).send());
  await fastify.ready();
  await fastify.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
}
main().catch((e) => { console.error(e); process.exit(1); });

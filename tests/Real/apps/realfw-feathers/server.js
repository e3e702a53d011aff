// Feathers 5 as its quick start builds it (https://feathersjs.com/guides/basics/starting.html): Express bindings, the
// REST and Socket.io (real-time) transports, an in-memory `messages` service and a `users` service, and
// feathers-swagger with Swagger UI on its defaults (/swagger.json, /docs). SWAGGER=off leaves the docs out.
//   node server.js PORT
const { feathers } = require('@feathersjs/feathers');
const express = require('@feathersjs/express');
const socketio = require('@feathersjs/socketio');
const { MemoryService } = require('@feathersjs/memory');
const swagger = require('feathers-swagger');

const port = Number(process.argv[2]);
const app = express(feathers());
app.use(express.json());
app.use(express.urlencoded({ extended: true }));
app.configure(express.rest());
app.configure(socketio());
if (process.env.SWAGGER !== 'off') {
  // Registered before the services, as feathers-swagger asks, so it documents them.
  app.configure(swagger({
    specs: { info: { title: 'Chat', description: 'Messages and users', version: '1.0.0' } },
    ui: swagger.swaggerUI(),
  }));
}

const methods = ['find', 'get', 'create', 'patch', 'remove'];
app.use('messages', new MemoryService({ paginate: { default: 10, max: 50 } }), {
  methods, docs: { description: 'Chat messages' },
});
app.use('users', new MemoryService(), {
  methods: ['find', 'get', 'create'], docs: { description: 'Chat users' },
});
app.use(express.notFound());
app.use(express.errorHandler({ logger: false }));

Promise.all([app.service('messages').create({ text: 'Hello from Feathers' }), app.service('users').create({ name: 'ada' })]).then(() =>
  app.listen(port, '127.0.0.1').then(() => console.log(`Feathers on http://127.0.0.1:${port}`)));

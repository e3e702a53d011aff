// hapi with hapi-swagger as its README sets it up: the plugin with its default options (documentation at
// /documentation, the description at /swagger.json); routes tagged 'api' are documented.
// Run: node server.js PORT
const Hapi = require('@hapi/hapi');
const Inert = require('@hapi/inert');
const Vision = require('@hapi/vision');
const HapiSwagger = require('hapi-swagger');
const Joi = require('joi');

const start = async () => {
  const server = Hapi.server({ port: Number(process.argv[2]), host: '127.0.0.1' });
  await server.register([Inert, Vision, { plugin: HapiSwagger, options: { info: { title: 'Store API', version: '1.0.0' } } }]);
  const stores = [{ id: 1, name: 'North' }];
  server.route([
    { method: 'GET', path: '/api/stores', options: { tags: ['api'], handler: () => stores } },
    { method: 'POST', path: '/api/stores', options: { tags: ['api'], validate: { payload: Joi.object({ name: Joi.string() }) },
      handler: (request, h) => h.response({ id: 2, ...request.payload }).code(201) } },
    { method: 'GET', path: '/api/stores/{id}', options: { tags: ['api'], validate: { params: Joi.object({ id: Joi.number() }) },
      handler: (request) => stores[0] } },
    { method: 'DELETE', path: '/api/stores/{id}', options: { tags: ['api'], validate: { params: Joi.object({ id: Joi.number() }) },
      handler: (request, h) => h.response().code(204) } },
  ]);
  await server.start();
};
start();

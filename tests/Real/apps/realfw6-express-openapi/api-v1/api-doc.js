// The getting-started guide's main apiDoc: express-openapi fills in "paths" from the handlers under ./paths.
module.exports = {
  swagger: '2.0',
  basePath: '/v1',
  info: { title: 'A getting started API.', version: '1.0.0' },
  definitions: {
    World: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { description: 'The name of this world.', type: 'string' } },
      required: ['name']
    }
  },
  paths: {}
}

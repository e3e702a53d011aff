// GET and POST /v1/worlds, each with the apiDoc express-openapi validates against and publishes.
module.exports = function (worldsService) {
  function GET (req, res) { res.status(200).json(worldsService.getWorlds(req.query.worldName)) }
  GET.apiDoc = {
    summary: 'Returns worlds by name.',
    operationId: 'getWorlds',
    parameters: [{ in: 'query', name: 'worldName', required: false, type: 'string' }],
    responses: {
      200: { description: 'A list of worlds that match the requested name.', schema: { type: 'array', items: { $ref: '#/definitions/World' } } },
      default: { description: 'An error occurred', schema: { additionalProperties: true } }
    }
  }

  function POST (req, res) { res.status(201).json(worldsService.addWorld(req.body)) }
  POST.apiDoc = {
    summary: 'Creates a world.',
    operationId: 'createWorld',
    parameters: [{ in: 'body', name: 'world', required: true, schema: { $ref: '#/definitions/World' } }],
    responses: {
      201: { description: 'The world created.', schema: { $ref: '#/definitions/World' } },
      default: { description: 'An error occurred', schema: { additionalProperties: true } }
    }
  }

  return { GET, POST }
}

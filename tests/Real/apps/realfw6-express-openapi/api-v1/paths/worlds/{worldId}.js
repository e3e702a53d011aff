// GET /v1/worlds/{worldId}: express-openapi turns the file name's {worldId} into the route's parameter (coerced to an
// integer by its apiDoc).
module.exports = function (worldsService) {
  function GET (req, res) {
    const world = worldsService.getWorld(req.params.worldId)
    if (world) res.status(200).json(world)
    else res.status(404).json({ message: 'no such world' })
  }
  GET.apiDoc = {
    summary: 'Returns one world.',
    operationId: 'getWorld',
    parameters: [{ in: 'path', name: 'worldId', required: true, type: 'integer' }],
    responses: {
      200: { description: 'The world.', schema: { $ref: '#/definitions/World' } },
      404: { description: 'No such world.' }
    }
  }
  return { GET }
}

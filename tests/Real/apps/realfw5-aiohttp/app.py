# aiohttp with aiohttp-apispec as its README sets it up: marshmallow schemas on the handlers, the spec at the default
# /api/docs/swagger.json and the (opt-in) Swagger UI at /api/docs. Run: /usr/bin/python3 app.py PORT
import sys

from aiohttp import web
from aiohttp_apispec import docs, request_schema, response_schema, setup_aiohttp_apispec
from marshmallow import Schema, fields

PETS = {1: {"id": 1, "name": "Rex"}, 2: {"id": 2, "name": "Tom"}}


class PetSchema(Schema):
    id = fields.Int()
    name = fields.Str(required=True)


@docs(tags=["pets"], summary="List pets")
@response_schema(PetSchema(many=True), 200)
async def list_pets(request):
    return web.json_response(list(PETS.values()))


@docs(tags=["pets"], summary="Add a pet")
@request_schema(PetSchema)
async def add_pet(request):
    body = await request.json()
    pet = {"id": len(PETS) + 1, "name": str(body.get("name", ""))}
    return web.json_response(pet, status=201)


@docs(tags=["pets"], summary="Show a pet")
@response_schema(PetSchema, 200)
async def show_pet(request):
    pet = PETS.get(int(request.match_info["pet_id"]))
    if pet is None:
        raise web.HTTPNotFound()
    return web.json_response(pet)


app = web.Application()
app.router.add_get("/pets", list_pets)
app.router.add_post("/pets", add_pet)
app.router.add_get("/pets/{pet_id}", show_pet)
setup_aiohttp_apispec(app=app, title="Pet store", version="v1", url="/api/docs/swagger.json", swagger_path="/api/docs")

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]))

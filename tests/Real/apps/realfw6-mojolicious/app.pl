# Mojolicious::Lite with Mojolicious::Plugin::OpenAPI as the plugin's synopsis sets it up: routes named by the
# specification's x-mojo-name are moved under its basePath (/api), and the plugin serves the specification itself at
# that basePath (GET /api, /api.json; /api.html renders it as a documentation page).
# Run: perl app.pl daemon -l http://127.0.0.1:PORT   (MOJO_MODE=production for the production twin)
use Mojolicious::Lite -signatures;

my @pets = ({id => 1, name => 'Rex', tag => 'dog'}, {id => 2, name => 'Tom', tag => 'cat'});

get '/pets' => sub ($c) {
  $c->openapi->valid_input or return;
  $c->render(openapi => \@pets);
}, 'listPets';

post '/pets' => sub ($c) {
  $c->openapi->valid_input or return;
  my $pet = {id => scalar(@pets) + 1, %{$c->req->json}};
  $c->render(openapi => $pet, status => 201);
}, 'createPet';

get '/pets/:petId' => sub ($c) {
  $c->openapi->valid_input or return;
  my ($pet) = grep { $_->{id} == $c->param('petId') } @pets;
  return $c->render(openapi => {errors => [{message => 'Not found', path => '/petId'}]}, status => 404) unless $pet;
  $c->render(openapi => $pet);
}, 'showPetById';

# Debian's JSON::Validator ships without the draft-04 meta-schema and would fetch it from json-schema.org to check the
# specification: the plugin's documented skip_validating_specification keeps the server off the network.
plugin OpenAPI => {url => 'data:///petstore.json', skip_validating_specification => 1};
app->start;

__DATA__
@@ petstore.json
{
  "swagger": "2.0",
  "info": { "version": "1.0.0", "title": "Swagger Petstore" },
  "basePath": "/api",
  "produces": ["application/json"],
  "definitions": {
    "Pet": { "type": "object", "required": ["name"], "properties": { "id": { "type": "integer" }, "name": { "type": "string" }, "tag": { "type": "string" } } },
    "Error": { "type": "object" }
  },
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets", "x-mojo-name": "listPets", "summary": "List all pets",
        "responses": { "200": { "description": "A list of pets", "schema": { "type": "array", "items": { "$ref": "#/definitions/Pet" } } } }
      },
      "post": {
        "operationId": "createPet", "x-mojo-name": "createPet", "summary": "Create a pet",
        "parameters": [ { "in": "body", "name": "body", "required": true, "schema": { "$ref": "#/definitions/Pet" } } ],
        "responses": { "201": { "description": "The pet created", "schema": { "$ref": "#/definitions/Pet" } } }
      }
    },
    "/pets/{petId}": {
      "get": {
        "operationId": "showPetById", "x-mojo-name": "showPetById", "summary": "Info for a specific pet",
        "parameters": [ { "name": "petId", "in": "path", "required": true, "type": "integer" } ],
        "responses": {
          "200": { "description": "The pet", "schema": { "$ref": "#/definitions/Pet" } },
          "404": { "description": "No such pet", "schema": { "$ref": "#/definitions/Error" } }
        }
      }
    }
  }
}

# Starlette 0.26's routing example (https://www.starlette.io/routing/ and its README): a plain-text homepage, a users
# list and a user read by name (/users/{username}), JSONResponse for the API. Served by Uvicorn (Server: uvicorn);
# unknown paths get Starlette's plain-text "Not Found".
# Run: /usr/bin/python3 app.py PORT   (Debian python3-starlette, python3-uvicorn)
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

USERS = [{"username": "tom", "name": "Tom"}, {"username": "ada", "name": "Ada"}]


async def homepage(request):
    return PlainTextResponse("Hello, world!")


async def users(request):
    return JSONResponse(USERS)


async def user(request):
    # Any name answers, as in the example: it echoes what it was given.
    return JSONResponse({"username": request.path_params["username"]})


app = Starlette(routes=[Route("/", homepage), Route("/users", users), Route("/users/{username}", user)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")

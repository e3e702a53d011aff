# FastAPI's first-steps tutorial app: its defaults serve /docs (Swagger UI), /redoc and /openapi.json.
# Run: python3 -m uvicorn main:app --host 127.0.0.1 --port PORT
from typing import Optional

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="Inventory tutorial")


class Item(BaseModel):
    name: str
    price: float
    is_offer: Optional[bool] = None


@app.get("/items/{item_id}")
def read_item(item_id: int, q: Optional[str] = None):
    return {"item_id": item_id, "q": q}


@app.put("/items/{item_id}")
def update_item(item_id: int, item: Item):
    return {"item_name": item.name, "item_id": item_id}


@app.get("/users/me")
def read_user_me():
    return {"user_id": "the current user"}

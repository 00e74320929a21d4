from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from platform_api.cache import cached_count
from platform_api.db import get_session
from platform_api.models import Item
from platform_api.schemas import ItemIn, ItemOut

router = APIRouter(prefix="/items", tags=["items"])


@router.get("", response_model=list[ItemOut])
def list_items(response: Response, limit: int = 50, offset: int = 0, session: Session = Depends(get_session)):
    total = cached_count("items:count", lambda: session.query(Item).count())
    response.headers["X-Total-Count"] = str(total)
    return session.scalars(select(Item).order_by(Item.id).limit(limit).offset(offset)).all()


@router.get("/{item_id}", response_model=ItemOut)
def read_item(item_id: int, session: Session = Depends(get_session)):
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(404, "no such item")
    return item


@router.put("/{item_id}", response_model=ItemOut)
def replace_item(item_id: int, payload: ItemIn, session: Session = Depends(get_session)):
    """Replace title and description of an item."""
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(404, "no such item")
    item.title, item.description = payload.title, payload.description
    return item


@router.delete("/{item_id}", status_code=204)
def delete_item(item_id: int, session: Session = Depends(get_session)):
    item = session.get(Item, item_id)
    if item is not None:
        session.delete(item)

"""All public routers, mounted under one prefix by ``platform_api.main``."""
from fastapi import APIRouter

from . import internal, items, users

api_router = APIRouter()
api_router.include_router(users.router)
api_router.include_router(items.router)

__all__ = ["api_router", "internal"]

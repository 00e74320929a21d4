"""The ASGI application: ``uvicorn platform_api.main:app``."""
import logging

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import text

from platform_api import __version__
from platform_api.cache import redis_client
from platform_api.config import settings
from platform_api.db import engine
from platform_api.routers import api_router, internal

API_PREFIX = "/api/v1"

log = logging.getLogger(__name__)

app = FastAPI(title="Platform API", version=__version__)
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.CORS_ORIGINS,
    allow_methods=["*"],
    allow_headers=["*"],
)

app.include_router(api_router, prefix=API_PREFIX)
# ops move the internal endpoints per deployment, hence the setting
app.include_router(internal.router, prefix=settings.API_V1_STR)


@app.on_event("startup")
def check_dependencies():
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    redis_client.ping()
    log.info("platform-api %s started", __version__)


@app.exception_handler(ValueError)
async def value_error_handler(request: Request, exc: ValueError):
    return JSONResponse(status_code=422, content={"detail": str(exc)})


@app.get("/health", include_in_schema=False)
def health():
    """Liveness probe for the load balancer."""
    return {"status": "ok", "version": __version__}

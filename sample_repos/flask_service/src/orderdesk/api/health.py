"""Liveness and readiness probes used by the load balancer."""
import asyncio

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from orderdesk.db import engine

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    return jsonify(ok=True)


@bp.route("/readyz")
async def readyz():
    """Check the database and Redis concurrently; 503 if either is down."""
    db_ok, redis_ok = await asyncio.gather(_check_db(), _check_redis())
    status = 200 if (db_ok and redis_ok) else 503
    return jsonify(database=db_ok, redis=redis_ok), status


async def _check_db():
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def _check_redis():
    try:
        return redis.Redis.from_url(current_app.config["REDIS_URL"]).ping()
    except redis.RedisError:
        return False

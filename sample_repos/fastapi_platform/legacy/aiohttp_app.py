"""Webhook receiver from before the FastAPI rewrite.

Still deployed on its own for the payment provider, which cannot change its callback
URL without a support ticket (PAY-231). Do not add features here.
"""
import json
import logging
import os

import redis.asyncio as aioredis
from aiohttp import web

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


@routes.get("/health")
async def health(request):
    return web.json_response({"ok": True})


@routes.post("/events/{source}")
async def events(request):
    payload = await request.json()
    await request.app["redis"].xadd("events:" + request.match_info["source"], {"payload": json.dumps(payload)})
    return web.json_response({"queued": True}, status=202)


async def hook(request):
    if request.headers.get("X-Signature") != os.environ.get("PAYMENT_WEBHOOK_SECRET"):
        raise web.HTTPForbidden()
    body = await request.text()
    await request.app["redis"].xadd("events:payment", {"payload": body})
    return web.Response(status=204)


async def _connect(app):
    app["redis"] = aioredis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    yield
    await app["redis"].close()


def make_app():
    app = web.Application()
    app.add_routes(routes)
    app.router.add_post("/hook", hook)
    app.cleanup_ctx.append(_connect)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(make_app(), port=int(os.environ.get("PORT", "8081")))

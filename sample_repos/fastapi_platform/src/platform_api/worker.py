"""Outbox relay: publishes pending rows of the ``outbox`` table to Redis streams.

Run it with ``platform-ops relay``. To embed it in another process::

    from platform_api.worker import Relay

    if __name__ == "__main__":
        Relay().run_forever()

The relay marks a row published only after Redis acknowledged the XADD.
"""
import logging
import time

from sqlalchemy import select

from platform_api.cache import redis_client
from platform_api.db import SessionLocal
from platform_api.models import OutboxEvent

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, batch_size=100, idle_sleep=1.0):
        self.batch_size = batch_size
        self.idle_sleep = idle_sleep

    def publish_batch(self):
        """Publish one batch; return how many rows were published."""
        with SessionLocal.begin() as session:
            rows = session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.published.is_(False))
                .order_by(OutboxEvent.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                redis_client.xadd("events:" + row.topic, {"payload": row.payload})
                row.published = True
        return len(rows)

    def run_forever(self):
        log.info("relay started")
        while True:
            if not self.publish_batch():
                time.sleep(self.idle_sleep)

"""Celery tasks for fulfilment and carrier notifications."""
import logging
import os

import requests
from celery import Celery, shared_task

from orderdesk.db import session_scope
from orderdesk.models import OrderRecord
from orderdesk.storage import fetch_payload
from orderdesk.utils.retry import retry

log = logging.getLogger(__name__)

celery = Celery(
    "orderdesk",
    broker=os.getenv("REDIS_URL", "redis://localhost:6379/0"),
    backend=os.getenv("CELERY_RESULT_BACKEND", "redis://localhost:6379/1"),
)
celery.conf.task_acks_late = True

CARRIER_API = os.getenv("CARRIER_API_URL", "https://carrier.example.com/api")


@celery.task(bind=True, max_retries=5, default_retry_delay=30)
def fulfil_order(self, reference):
    """Mark an order as paid and book a shipment with the carrier."""
    with session_scope() as session:
        record = session.query(OrderRecord).filter_by(reference=reference).one()
        if record.status == "cancelled":
            log.info("skipping cancelled order %s", reference)
            return None
        payload = fetch_payload("orders/%s/%s.json" % (reference[:2], reference))
        log.debug("fulfilling %s with %d lines", reference, len(payload.get("lines", [])))
        try:
            shipment = book_shipment(reference)
        except requests.RequestException as exc:
            raise self.retry(exc=exc)
        record.status = "paid"
    notify_customer.delay(reference, shipment["tracking_number"])
    return shipment["tracking_number"]


@retry(attempts=3, delay=2.0, exceptions=(requests.ConnectionError,))
def book_shipment(reference):
    """POST the order to the carrier API and return the shipment JSON."""
    resp = requests.post(CARRIER_API + "/shipments", json={"reference": reference}, timeout=10)
    resp.raise_for_status()
    return resp.json()


@shared_task
def notify_customer(reference, tracking_number):
    requests.post(
        os.environ["NOTIFY_URL"],
        json={"template": "order_shipped", "reference": reference, "tracking": tracking_number},
        timeout=5,
    )


@shared_task(name="orderdesk.purge_cancelled")
def purge_cancelled(older_than_days=90):
    """Delete cancelled orders older than ``older_than_days``; returns the row count."""
    from datetime import datetime, timedelta

    cutoff = datetime.utcnow() - timedelta(days=older_than_days)
    with session_scope() as session:
        n = (
            session.query(OrderRecord)
            .filter(OrderRecord.status == "cancelled", OrderRecord.created_at < cutoff)
            .delete(synchronize_session=False)
        )
    return n

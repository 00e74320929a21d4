"""Background jobs for orders (run by the Celery worker, see Procfile)."""
import logging

import requests
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from .models import Order
from .routing import route

log = logging.getLogger(__name__)


@shared_task
def send_receipt(order_id):
    """E-mail the customer a receipt (or a cancellation notice)."""
    order = Order.objects.select_related("customer").get(pk=order_id)
    subject = "Your order %s" % order.reference
    if order.status == "cancelled":
        subject += " has been cancelled"
    send_mail(subject, "Total: %s" % order.total, None, [order.customer.email])


@shared_task(name="orders.sync_inventory", autoretry_for=(requests.RequestException,), retry_backoff=True)
def sync_inventory():
    response = requests.get(settings.WAREHOUSE_API_URL + "/stock", timeout=10)
    response.raise_for_status()
    log.info("inventory synced: %d SKUs", len(response.json()))


@shared_task(bind=True, max_retries=3)
def assign_warehouse(self, order_id):
    order = Order.objects.get(pk=order_id)
    try:
        order.warehouse = route(order, ["LON", "MAN", "EDI"])
    except LookupError as exc:
        raise self.retry(exc=exc, countdown=60)
    order.save(update_fields=["warehouse"])


def _old_sync():
    # FIXME: the pre-Celery cron version, remove once nobody calls it
    for order in Order.objects.filter(status="paid", warehouse=""):
        assign_warehouse(order.pk)

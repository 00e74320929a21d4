"""Scheduled jobs."""
import requests

from parcelhub.notify import page
from parcelhub.settings import notify_url


def send_digest():
    """Post yesterday's digest to the digest webhook."""
    requests.post(notify_url(), json={"text": "parcels dispatched yesterday"}, timeout=10)


def page_on_call(channel, text):
    """Tell the on-call person, by the channel asked for."""
    page(channel, text)

"""Tests for the Celery tasks; Celery runs eagerly here."""
from unittest import mock

import pytest
import requests

from orderdesk import tasks


@pytest.fixture(autouse=True)
def eager_celery():
    tasks.celery.conf.task_always_eager = True
    yield
    tasks.celery.conf.task_always_eager = False


@mock.patch("orderdesk.tasks.requests.post")
def test_book_shipment_returns_json(post):
    post.return_value.json.return_value = {"tracking_number": "TRK1"}
    assert tasks.book_shipment("R1") == {"tracking_number": "TRK1"}


@mock.patch("orderdesk.utils.retry.time.sleep")
@mock.patch("orderdesk.tasks.requests.post")
def test_book_shipment_retries_connection_errors(post, sleep):
    post.side_effect = [requests.ConnectionError(), mock.Mock(json=lambda: {"tracking_number": "T"})]
    assert tasks.book_shipment("R2")["tracking_number"] == "T"
    assert sleep.call_count == 1


@mock.patch("orderdesk.tasks.requests.post")
def test_notify_customer(post, monkeypatch):
    monkeypatch.setenv("NOTIFY_URL", "http://notify.local/send")
    tasks.notify_customer("R3", "TRK3")
    args, kwargs = post.call_args
    assert args[0] == "http://notify.local/send"
    assert kwargs["json"]["tracking"] == "TRK3"

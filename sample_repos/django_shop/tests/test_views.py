import pytest
from django.test import override_settings
from django.urls import path

from orders.models import Customer, Order


def _boom(request):
    raise RuntimeError("boom")


# a throwaway URLconf for the error-page tests below
urlpatterns = [
    path("boom/", _boom),
]


@pytest.fixture
def order(db):
    customer = Customer.objects.create(email="alice@example.com", name="Alice")
    return Order.objects.create(reference="A-1001", customer=customer)


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_order_list_needs_login(client, db):
    response = client.get("/orders/")
    assert response.status_code == 302


def test_cancel_order(admin_client, order):
    response = admin_client.post("/orders/%d/cancel/" % order.pk)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_legacy_archive_is_gone(client):
    assert client.get("/legacy/2016/").status_code == 410


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_page(client, db):
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500


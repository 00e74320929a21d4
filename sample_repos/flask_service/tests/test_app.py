from unittest import mock

from orderdesk.models import Order, OrderLine


def test_index(client):
    resp = client.get("/")
    assert resp.status_code == 200
    assert resp.get_json()["service"] == "orderdesk"


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"ok": True}


@mock.patch("orderdesk.api.orders.storage")
@mock.patch("orderdesk.tasks.fulfil_order")
def test_create_order(fulfil, storage, client, sample_payload):
    storage.claim_idempotency_key.return_value = True
    resp = client.post("/api/v1/orders/", json=sample_payload)
    assert resp.status_code == 201
    assert resp.get_json()["total"] == "34.00"
    fulfil.delay.assert_called_once()


@mock.patch("orderdesk.api.orders.storage")
def test_duplicate_order_is_rejected(storage, client, sample_payload):
    storage.claim_idempotency_key.return_value = False
    resp = client.post("/api/v1/orders/", json=sample_payload, headers={"Idempotency-Key": "abc"})
    assert resp.status_code == 409


def test_unknown_order_404(client):
    assert client.get("/api/v1/orders/NOPE").status_code == 404


class TestOrderModel:
    def test_status_setter_rejects_garbage(self):
        order = Order("R1", "a@example.com")
        try:
            order.status = "lost"
        except ValueError:
            pass
        else:
            raise AssertionError("expected ValueError")

    def test_line_equality(self):
        assert OrderLine("A", 1, "1.00") == OrderLine("A", 1, 1.0)

import os

import pytest

os.environ.setdefault("ORDERS_BUCKET", "orderdesk-test")
os.environ.setdefault("ORDERDESK_ENV", "testing")


@pytest.fixture
def app():
    from orderdesk.app import create_app
    from orderdesk.db import _reset_for_tests, init_db

    _reset_for_tests()
    init_db()
    app = create_app("testing")
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sample_payload():
    """A minimal valid storefront order."""
    return {
        "email": "alice@example.com",
        "lines": [
            {"sku": "MUG-01", "quantity": 2, "unit_price": "7.50"},
            {"sku": "TEE-XL", "quantity": 1, "unit_price": "19.00"},
        ],
    }

import os

import pytest

os.environ.setdefault("PLATFORM_DATABASE_URL", "sqlite+pysqlite:///:memory:")


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from platform_api.main import app

    with TestClient(app) as test_client:
        yield test_client

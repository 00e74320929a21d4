from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from platform_api.main import value_error_handler

# a throwaway app to check the error handler in isolation
err_app = FastAPI()
err_app.add_exception_handler(ValueError, value_error_handler)


@err_app.get("/boom")
def boom(kind: str = "value"):
    if kind == "value":
        raise ValueError("bad value")
    raise HTTPException(418)


def test_value_error_is_422():
    response = TestClient(err_app).get("/boom")
    assert response.status_code == 422
    assert response.json() == {"detail": "bad value"}


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_unknown_user_is_404(client):
    assert client.get("/api/v1/users/999999").status_code == 404

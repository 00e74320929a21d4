import pandas as pd
import pytest


@pytest.fixture
def customers():
    return pd.DataFrame({"signup": pd.to_datetime(["2024-01-01"]), "spend": [10.0], "tickets": [1], "churned": [0]})

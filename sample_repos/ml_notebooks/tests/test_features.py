from churn.features import add_tenure


def test_tenure_is_added(customers):
    assert "tenure" in add_tenure(customers)

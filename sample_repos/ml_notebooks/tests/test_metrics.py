"""Metrics on tiny inputs."""

from churn.metrics import lift


def test_lift_of_a_perfect_ranking():
    assert lift([1, 0], [0.9, 0.1], top=0.5) == 1.0

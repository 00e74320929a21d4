"""Customer churn models."""

__version__ = "0.3.0"

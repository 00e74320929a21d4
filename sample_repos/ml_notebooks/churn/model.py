"""Training and scoring."""

import mlflow
from sklearn.linear_model import LogisticRegression

from churn.features import feature_matrix


def train(frame, alpha=1.0):
    """Fit a logistic regression on the customer table and log it to MLflow."""
    model = LogisticRegression(C=1.0 / alpha).fit(feature_matrix(frame), frame["churned"])
    mlflow.sklearn.log_model(model, "model")
    return model


def score(model, frame):
    return model.predict_proba(feature_matrix(frame))[:, 1]

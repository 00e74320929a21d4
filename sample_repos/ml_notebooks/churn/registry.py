"""Where trained models are kept."""

import mlflow


class Registry:
    """The MLflow model registry, under one model name."""

    def __init__(self, name="churn"):
        self.name = name

    def latest(self):
        return mlflow.pyfunc.load_model(f"models:/{self.name}/latest")

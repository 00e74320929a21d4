"""Feature engineering for the churn models."""

import pandas as pd


def add_tenure(frame):
    """Months since the customer signed up."""
    frame = frame.copy()
    frame["tenure"] = (pd.Timestamp.now() - frame["signup"]).dt.days // 30
    return frame


def feature_matrix(frame):
    frame = add_tenure(frame)
    return frame[["tenure", "spend", "tickets"]]

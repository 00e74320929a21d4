import pandas as pd


def daily_revenue(orders):
    """Sum order totals per calendar day and status.

    Returns a frame indexed by ``(day, status)`` with a single ``revenue`` column.
    """
    orders = orders.assign(day=orders["created_at"].dt.date)
    return orders.groupby(["day", "status"])["total"].sum().to_frame("revenue")


def top_customers(orders, n=20):
    """The ``n`` customers with the highest revenue in ``orders``."""
    return (
        orders.groupby("customer_id")["total"]
        .agg(["count", "sum"])
        .rename(columns={"count": "orders", "sum": "revenue"})
        .sort_values("revenue", ascending=False)
        .head(n)
    )


def pivot_status(orders):
    return pd.pivot_table(orders, index="customer_id", columns="status", values="total", aggfunc="count", fill_value=0)


class RollingWindow(object):
    """Rolling mean over the last ``days`` days of a daily series."""

    def __init__(self, days=7):
        self.days = days

    def apply(self, series):
        return series.rolling(self.days, min_periods=1).mean()

    def __repr__(self):
        return "RollingWindow(days=%d)" % self.days

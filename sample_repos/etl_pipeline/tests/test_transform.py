# -*- coding: utf-8 -*-
import pandas as pd

from etl.transform import aggregate, clean


def make_orders():
    return pd.DataFrame({
        "Reference": ["A1", "TEST-2", "B3"],
        "Status": [" Paid", "paid", "SHIPPED "],
        "Total": ["10.5", "1", "oops"],
        "Created At": ["2016-09-01 10:00", "2016-09-01 11:00", "2016-09-02 09:00"],
    })


def test_normalise_columns():
    df = clean.normalise_columns(make_orders())
    assert list(df.columns) == ["reference", "status", "total", "created_at"]


def test_clean_orders_drops_test_rows():
    df = clean.clean_orders(make_orders())
    assert df["reference"].tolist() == ["A1", "B3"]
    assert df["total"].tolist() == [10.5, 0]
    assert set(df["status"]) == {"paid", "shipped"}


def test_dedupe_customers_keeps_latest():
    df = pd.DataFrame({
        "email": ["X@a.com", "x@a.com "],
        "updated_at": ["2016-01-01", "2016-02-01"],
        "country": ["DE", "FR"],
    })
    out = clean.dedupe_customers(df)
    assert out["country"].tolist() == ["FR"]


def test_rolling_window_repr():
    assert repr(aggregate.RollingWindow(3)) == "RollingWindow(days=3)"

"""Row-level cleaning applied before anything is loaded."""
import re

import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_columns(df):
    """Lower-case column names and replace runs of non-alphanumerics with ``_``.

    >>> normalise_columns(pd.DataFrame(columns=["Order ID", "Total (EUR)"])).columns.tolist()
    ['order_id', 'total_eur']
    """
    df = df.copy()
    df.columns = [_NON_ALNUM.sub("_", str(c).lower()).strip("_") for c in df.columns]
    return df


def clean_orders(df):
    """Drop test orders, coerce types and normalise the status column.

    :param df: raw orders frame as returned by ``extract.postgres.fetch_orders``
    :returns: a new frame; the input is not modified
    """
    df = normalise_columns(df)
    df = df[~df["reference"].str.startswith("TEST")]
    df["total"] = pd.to_numeric(df["total"], errors="coerce").fillna(0)
    df["status"] = df["status"].str.strip().str.lower()
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    return df


def dedupe_customers(df):
    df = normalise_columns(df)
    df["email"] = df["email"].str.strip().str.lower()
    df = df.sort_values("updated_at").drop_duplicates("email", keep="last")
    return df.reset_index(drop=True)


def drop_empty(df, columns=None):
    return df.dropna(how="all", subset=columns)

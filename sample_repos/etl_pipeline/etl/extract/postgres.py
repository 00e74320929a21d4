"""Read from the production Postgres read replica."""
import os

import pandas as pd
import psycopg2

PG_DSN = os.environ['PG_DSN']


def get_connection():
    """Open a new read-only connection to the replica."""
    conn = psycopg2.connect(PG_DSN)
    conn.set_session(readonly=True, autocommit=True)
    return conn


def _query_df(sql, params):
    conn = get_connection()
    try:
        return pd.read_sql(sql, conn, params=params)
    finally:
        conn.close()


def fetch_orders(day):
    """All orders created on ``day`` (a ``datetime.date``)."""
    return _query_df(
        "SELECT id, reference, customer_id, status, total, created_at "
        "FROM orders WHERE created_at::date = %(day)s",
        {"day": day},
    )


def fetch_customers(day):
    sql = """
        SELECT id, email, first_name, last_name, country, updated_at
        FROM customers
        WHERE updated_at::date = %(day)s
    """
    return _query_df(sql, {"day": day})

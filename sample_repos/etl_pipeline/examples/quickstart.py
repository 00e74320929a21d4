"""Quickstart: run the orders job for one day from a Python shell.

    $ export PG_DSN="dbname=shop host=replica.internal user=etl"
    $ python examples/quickstart.py 2016-09-01
"""
import datetime
import sys

from etl.extract import postgres
from etl.transform import aggregate, clean

day = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%d").date() if len(sys.argv) > 1 else datetime.date.today()

orders = clean.clean_orders(postgres.fetch_orders(day))
print("%d orders on %s" % (len(orders), day))
print(aggregate.daily_revenue(orders))
print(aggregate.top_customers(orders, n=5))

"""Shared bits of the order management commands (not a command itself)."""
import csv
import io
from decimal import Decimal, InvalidOperation

import boto3


def open_source(location):
    """Open a local path or an ``s3://bucket/key`` location as text."""
    if location.startswith("s3://"):
        bucket, _, key = location[len("s3://"):].partition("/")
        body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
        return io.StringIO(body.decode("utf-8-sig"))
    return open(location, newline="", encoding="utf-8-sig")


def read_rows(handle):
    for row in csv.DictReader(handle):
        yield {k.strip().lower(): (v or "").strip() for k, v in row.items()}


def parse_price(text):
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None

"""Loading the customer tables from S3."""

import io
import os

import boto3
import pandas as pd


def load_customers(key="customers.parquet"):
    """The customer table, read from the data bucket."""
    s3 = boto3.client("s3")
    body = s3.get_object(Bucket=os.environ["CHURN_DATA_BUCKET"], Key=key)["Body"].read()
    return pd.read_parquet(io.BytesIO(body))

import io
import os

import pandas as pd
from google.cloud import storage

BUCKET = os.environ.get("ETL_GCS_BUCKET", "acme-exports")

_client = None


def client():
    global _client
    if _client is None:
        _client = storage.Client(project=os.environ.get("GCP_PROJECT"))
    return _client


def read_csv(blob_name, **kwargs):
    """Download a CSV export from GCS and parse it with ``pandas.read_csv``."""
    blob = client().bucket(BUCKET).blob(blob_name)
    data = blob.download_as_string()
    return pd.read_csv(io.BytesIO(data), **kwargs)


def upload_snapshot(df, blob_name):
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    blob = client().bucket(BUCKET).blob("snapshots/" + blob_name)
    blob.upload_from_string(buf.getvalue(), content_type="text/csv")
    return blob.public_url

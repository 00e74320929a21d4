"""Load DataFrames into BigQuery."""
import logging
import os

from google.cloud import bigquery

log = logging.getLogger(__name__)

PROJECT = os.environ.get("GCP_PROJECT", "acme-analytics")


def _client():
    return bigquery.Client(project=PROJECT)


def load_dataframe(df, dataset, table, write_disposition="WRITE_APPEND"):
    """Append ``df`` to ``dataset.table``, creating the table if needed.

    Blocks until the load job finishes and returns the number of rows loaded.
    """
    client = _client()
    ref = client.dataset(dataset).table(table)
    job_config = bigquery.LoadJobConfig()
    job_config.write_disposition = write_disposition
    job_config.autodetect = True
    job = client.load_table_from_dataframe(df, ref, job_config=job_config)
    job.result()
    log.info("loaded %d rows into %s.%s", job.output_rows, dataset, table)
    return job.output_rows


def truncate(dataset, table):
    client = _client()
    sql = "DELETE FROM `%s.%s.%s` WHERE TRUE" % (PROJECT, dataset, table)
    client.query(sql).result()

"""Airflow DAGs of the platform: the nightly export for analytics, and its weekly cleanup."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import dag, task
from airflow.operators.bash import BashOperator
from airflow.providers.amazon.aws.hooks.s3 import S3Hook

EXPORT_BUCKET = "platform-analytics-exports"

default_args = {
    "owner": "platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    "nightly_export",
    default_args=default_args,
    schedule="0 2 * * *",
    start_date=datetime(2023, 1, 1),
    catchup=False,
    tags=["export", "analytics"],
) as nightly:
    for table in ("users", "items"):
        export = BashOperator(
            task_id=f"export_{table}",
            bash_command=f"platform-admin export {table} --format jsonl > /data/exports/{table}.jsonl",
        )
        upload = BashOperator(
            task_id=f"upload_{table}",
            bash_command=f"aws s3 cp /data/exports/{table}.jsonl s3://{EXPORT_BUCKET}/{{{{ ds }}}}/{table}.jsonl",
        )
        export >> upload


@dag(schedule="@weekly", start_date=datetime(2023, 1, 1), catchup=False, tags=["export"])
def cleanup_exports():
    """Delete exports older than 90 days."""

    @task
    def old_keys():
        hook = S3Hook()
        cutoff = datetime.utcnow() - timedelta(days=90)
        keys = hook.list_keys(bucket_name=EXPORT_BUCKET) or []
        return [k for k in keys if datetime.strptime(k.split("/")[0], "%Y-%m-%d") < cutoff]

    @task
    def delete(keys):
        if keys:
            S3Hook().delete_objects(bucket=EXPORT_BUCKET, keys=keys)

    delete(old_keys())


cleanup_exports()

"""Archive jobs: copy a day's extracts to S3, submit the monthly rebuild to Batch."""
from etl.archive.clients import AwsSession, get_aws_client

REBUILD_QUEUE = "etl-rebuild"
BATCH = "batch"


def archive_day(day, paths):
    """Upload the day's extract files to the archive bucket."""
    bucket = AwsSession().make_s3_resource().Bucket("etl-archive")
    for path in paths:
        bucket.upload_file(path, "%s/%s" % (day, path))


def submit_rebuild(month):
    """Ask AWS Batch to rebuild a month of aggregates."""
    get_aws_client(BATCH).submit_job(jobName="rebuild-%s" % month, jobQueue=REBUILD_QUEUE, jobDefinition="etl-rebuild")


def crawl_catalogue():
    AwsSession().client_for("glue").start_crawler(Name="etl-archive")

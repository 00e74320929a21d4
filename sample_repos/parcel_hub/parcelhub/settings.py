"""Settings read from the environment, through one helper."""
import os


def _env(name, default=None):
    return os.environ.get(name, default)


def label_bucket():
    """The bucket that holds parcel labels."""
    return _env("LABEL_BUCKET", "parcel-labels")


def carrier_queue_url():
    """The SQS queue the carriers read."""
    return _env("CARRIER_QUEUE_URL")


def notify_url():
    """The webhook that receives the daily digest."""
    return _env("NOTIFY_URL")

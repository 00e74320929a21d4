"""Error reporting and secrets bootstrap, run once at start-up."""
import logging
import os

import boto3
import sentry_sdk

log = logging.getLogger(__name__)


def _aws(service):
    # one place to set the region for every client we create
    return boto3.client(service, region_name=os.getenv("AWS_REGION", "eu-west-1"))


def init_monitoring():
    """Start Sentry when a DSN is configured; load the carrier API key from Secrets Manager."""
    if "SENTRY_DSN" in os.environ:
        sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], environment=os.getenv("ORDERDESK_ENV", "development"))
    secrets = _aws("secretsmanager")
    value = secrets.get_secret_value(SecretId="orderdesk/carrier-api-key")
    os.environ.setdefault("CARRIER_API_KEY", value["SecretString"])
    log.info("monitoring ready")

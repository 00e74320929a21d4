import json
import logging
import os

import boto3
from botocore.exceptions import ClientError

from orderdesk import tasks

log = logging.getLogger(__name__)

ORDERS_BUCKET = os.environ["ORDERS_BUCKET"]
DYNAMO_TABLE = os.getenv("ORDERDESK_DYNAMO_TABLE", "orderdesk-idempotency")
AWS_REGION = os.environ.get("AWS_REGION", "eu-west-1")

_s3 = boto3.client("s3", region_name=AWS_REGION)
_dynamodb = boto3.resource("dynamodb", region_name=AWS_REGION)


def archive_payload(reference, payload):
    """Write the raw storefront payload to S3 and return the object key."""
    key = "orders/%s/%s.json" % (reference[:2], reference)
    _s3.put_object(
        Bucket=ORDERS_BUCKET,
        Key=key,
        Body=json.dumps(payload).encode("utf-8"),
        ContentType="application/json",
    )
    # TODO(2019): move this out of storage; archiving should not know about Celery.
    tasks.fulfil_order.delay(reference)
    return key


def fetch_payload(key):
    obj = _s3.get_object(Bucket=ORDERS_BUCKET, Key=key)
    return json.loads(obj["Body"].read())


def claim_idempotency_key(key, ttl_seconds=86400):
    """Record ``key`` in DynamoDB. Returns False if it was already claimed."""
    table = _dynamodb.Table(DYNAMO_TABLE)
    try:
        table.put_item(
            Item={"pk": key, "ttl": ttl_seconds},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            log.info("duplicate submission %s", key)
            return False
        raise
    return True


def presigned_invoice_url(reference, expires=3600):
    return _s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": ORDERS_BUCKET, "Key": "invoices/%s.pdf" % reference},
        ExpiresIn=expires,
    )

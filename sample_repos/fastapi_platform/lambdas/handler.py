"""Lambda functions of the platform-events service (deployed with serverless, see serverless.yml)."""
import io
import json
import logging
import os
import urllib.parse

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)

s3 = boto3.client("s3")
sqs = boto3.client("sqs")

THUMBNAIL_BUCKET = os.environ["THUMBNAIL_BUCKET"]
EVENTS_QUEUE_URL = os.environ.get("EVENTS_QUEUE_URL", "")
THUMBNAIL_SIZE = (256, 256)


def _records(event):
    for record in event.get("Records", []):
        yield record


def handle(event, context):
    """Validate the incoming events and forward the good ones to the platform queue."""
    accepted = 0
    for record in _records(event):
        try:
            body = json.loads(record["body"])
        except (KeyError, ValueError):
            log.warning("dropping malformed record %s", record.get("messageId"))
            continue
        if "type" not in body:
            continue
        sqs.send_message(QueueUrl=EVENTS_QUEUE_URL, MessageBody=json.dumps(body))
        accepted += 1
    return {"accepted": accepted, "request_id": getattr(context, "aws_request_id", None)}


def make_thumbnail(event, context):
    from PIL import Image  # provided by the Pillow layer

    for record in _records(event):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        image = Image.open(io.BytesIO(original))
        image.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        image.save(out, format="PNG")
        s3.put_object(Bucket=THUMBNAIL_BUCKET, Key="thumbs/" + key + ".png", Body=out.getvalue())

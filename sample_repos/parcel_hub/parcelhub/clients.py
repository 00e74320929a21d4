"""Factories of AWS clients, one place for their configuration."""
import boto3

REGION = "eu-west-1"


def make_s3():
    """An S3 client for the labels bucket."""
    return boto3.client("s3", region_name=REGION)


def make_sqs():
    """An SQS client for the carrier queue."""
    return boto3.client("sqs", region_name=REGION)


def make_sns():
    """An SNS client for text messages."""
    return boto3.client("sns", region_name=REGION)


def make_ses():
    """An SES client for e-mail."""
    return boto3.client("ses", region_name=REGION)

"""One place that makes AWS clients, so the region and retries are set the same way everywhere."""
import os

import boto3

REGION = os.environ.get("ETL_AWS_REGION", "eu-west-1")


def get_aws_client(name):
    """A boto3 client for the service called ``name`` in the archive's region."""
    return boto3.client(name, region_name=REGION)


class AwsSession(object):
    """A boto3 session kept for the life of a job."""

    def __init__(self, profile=None):
        self.session = boto3.session.Session(profile_name=profile)

    def client_for(self, service):
        return self.session.client(service)

    def make_s3_resource(self):
        return self.session.resource("s3")

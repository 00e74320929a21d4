"""Archiving finished loads to AWS: the raw extracts go to S3, the heavy rebuilds to AWS Batch."""

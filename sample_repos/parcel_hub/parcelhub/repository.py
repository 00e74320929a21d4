"""Where parcels are kept: their labels in S3."""
import json

from parcelhub.clients import make_s3
from parcelhub.settings import label_bucket


class ParcelRepository:
    """Parcel labels, one S3 object each."""

    def __init__(self):
        self.bucket = label_bucket()

    def save(self, reference, payload):
        """Store the label of one parcel."""
        s3 = make_s3()
        s3.put_object(Bucket=self.bucket, Key=f"labels/{reference}.json", Body=json.dumps(payload))

"""Registering parcels."""
import uuid

from parcelhub.repository import ParcelRepository


def register_parcel(payload):
    """Give the parcel a reference and save its label."""
    reference = uuid.uuid4().hex
    repository = ParcelRepository()
    repository.save(reference, payload)
    return reference

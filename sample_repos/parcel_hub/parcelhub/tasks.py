"""Celery tasks: dispatching parcels to the carriers' queue."""
from celery import Celery

from parcelhub.clients import make_sqs
from parcelhub.settings import carrier_queue_url

celery = Celery("parcelhub")


@celery.task
def dispatch_parcel(reference):
    """Put the parcel on the carriers' queue."""
    make_sqs().send_message(QueueUrl=carrier_queue_url(), MessageBody=reference)

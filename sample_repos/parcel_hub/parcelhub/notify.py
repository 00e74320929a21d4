"""Paging the on-call person, by text message or by e-mail."""
from parcelhub.clients import make_ses, make_sns


def by_sms(text):
    """Send the text to the on-call phone."""
    make_sns().publish(PhoneNumber="+440000000000", Message=text)


def by_email(text):
    """Send the text to the on-call mailbox."""
    make_ses().send_email(Source="hub@example.com", Destination={"ToAddresses": ["oncall@example.com"]},
                          Message={"Subject": {"Data": "parcel-hub"}, "Body": {"Text": {"Data": text}}})


CHANNELS = {"sms": by_sms, "email": by_email}


def page(channel, text):
    """Page the on-call person through the channel asked for."""
    CHANNELS[channel](text)

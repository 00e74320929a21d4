"""Fetch partner drop files over SFTP."""
import os
import tempfile

import pandas as pd
import paramiko

SFTP_HOST = os.environ.get("PARTNER_SFTP_HOST", "sftp.partner.example.net")
SFTP_USER = os.environ.get("PARTNER_SFTP_USER", "acme")
SFTP_KEY = os.environ.get("PARTNER_SFTP_KEY", os.path.expanduser("~/.ssh/partner_rsa"))


class PartnerSFTP(object):
    """Context manager around a paramiko SFTP session to the partner host."""

    def __init__(self, host=SFTP_HOST, user=SFTP_USER, key_path=SFTP_KEY):
        self.host = host
        self.user = user
        self.key_path = key_path
        self._transport = None

    def __enter__(self):
        key = paramiko.RSAKey.from_private_key_file(self.key_path)
        self._transport = paramiko.Transport((self.host, 22))
        self._transport.connect(username=self.user, pkey=key)
        self.sftp = paramiko.SFTPClient.from_transport(self._transport)
        return self

    def __exit__(self, *exc):
        self.sftp.close()
        self._transport.close()
        return False

    def download(self, remote_path):
        """Download ``remote_path`` to a temp file and return the local path."""
        fd, local = tempfile.mkstemp(suffix=os.path.basename(remote_path))
        os.close(fd)
        self.sftp.get(remote_path, local)
        return local


def fetch_partner_file(day):
    remote = "/outgoing/acme_%s.csv" % day.strftime("%Y%m%d")
    with PartnerSFTP() as conn:
        local = conn.download(remote)
    try:
        return pd.read_csv(local, sep=";", encoding="latin-1")
    finally:
        os.remove(local)

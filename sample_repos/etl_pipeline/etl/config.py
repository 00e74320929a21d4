"""Job configuration loaded from an INI file.

The file is looked up in ``$ETL_CONFIG``, then ``~/.nightly-etl.ini``, then
``/etc/nightly-etl.ini``.
"""
import os

try:
    from configparser import ConfigParser
except ImportError:  # Python 2
    from ConfigParser import SafeConfigParser as ConfigParser

DEFAULT_PATHS = [
    os.path.expanduser("~/.nightly-etl.ini"),
    "/etc/nightly-etl.ini",
]

DEFAULTS = {
    "bq_dataset": "analytics",
    "gcs_bucket": "acme-exports",
    "batch_size": "50000",
}


class EtlConfig(object):
    """Thin wrapper around ConfigParser with typed getters."""

    def __init__(self, path=None):
        self.parser = ConfigParser(DEFAULTS)
        paths = [path or os.environ.get("ETL_CONFIG")] + DEFAULT_PATHS
        self.loaded_from = self.parser.read([p for p in paths if p])

    def get(self, section, key, fallback=None):
        """Like ``ConfigParser.get`` but returns ``fallback`` for missing options."""
        if not self.parser.has_option(section, key):
            return fallback
        return self.parser.get(section, key)

    def getint(self, section, key, fallback=0):
        value = self.get(section, key)
        return fallback if value is None else int(value)

    def sections(self):
        return self.parser.sections()


_config = None


def get_config():
    """Return the process-wide :class:`EtlConfig`, loading it on first use."""
    global _config
    if _config is None:
        _config = EtlConfig()
    return _config

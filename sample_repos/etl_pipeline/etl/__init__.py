"""Nightly ETL jobs for the analytics warehouse."""
__version__ = "0.9.4"

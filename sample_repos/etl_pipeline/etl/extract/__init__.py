"""Extractors: each returns a pandas DataFrame for a given day."""

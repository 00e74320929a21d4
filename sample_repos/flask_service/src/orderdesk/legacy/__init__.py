"""Old reporting code kept around for finance. Not imported by the service."""

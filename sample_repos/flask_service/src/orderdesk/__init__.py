"""orderdesk - order intake and fulfilment service.

The public entry points are :func:`orderdesk.app.create_app` for the web
process and :mod:`orderdesk.worker` for Celery workers.
"""

__version__ = "2.3.1"
__all__ = ["__version__"]

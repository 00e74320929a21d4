"""Small retry decorator, used instead of pulling in tenacity."""
import functools
import logging
import time

log = logging.getLogger(__name__)


def retry(attempts=3, delay=1.0, backoff=2.0, exceptions=(Exception,)):
    """Retry the wrapped function on ``exceptions`` with exponential backoff."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            wait = delay
            for attempt in range(1, attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt == attempts:
                        raise
                    log.warning("%s failed (%s), retry %d/%d", func.__name__, exc, attempt, attempts)
                    time.sleep(wait)
                    wait *= backoff

        return wrapper

    return decorator


def retry_call(func, *args, **kwargs):
    def _once():
        return func(*args, **kwargs)

    return retry()(_once)()

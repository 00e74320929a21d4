"""Warm-up hooks run once per process from OrdersConfig.ready()."""
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


class HookRegistry:
    def __init__(self):
        self._hooks = []

    def task(self, func):
        """Register `func` to run at start-up."""
        self._hooks.append(func)
        return func

    def run_all(self):
        for hook in self._hooks:
            try:
                hook()
            except Exception:  # never stop the process from starting
                log.exception("warm-up hook %s failed", hook.__name__)


hooks = HookRegistry()


@hooks.task
def prime_status_counts():
    from .models import Order

    for status, _label in Order.STATUS_CHOICES:
        cache.set("orders:count:%s" % status, Order.objects.filter(status=status).count(), 300)

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"

    def ready(self):
        # connects the post_save handlers and runs the warm-up hooks
        from . import signals  # noqa: F401
        from .warmup import hooks

        hooks.run_all()

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Order
from .tasks import assign_warehouse


@receiver(post_save, sender=Order)
def order_saved(sender, instance, created, **kwargs):
    if created:
        assign_warehouse.delay(instance.pk)

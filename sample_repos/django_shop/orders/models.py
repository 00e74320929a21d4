"""Orders, order lines and the customers who place them."""
from decimal import Decimal

from django.conf import settings
from django.db import models


class Customer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email


class Order(models.Model):
    """An order as placed in the storefront."""

    STATUS_CHOICES = [
        ("new", "New"),
        ("paid", "Paid"),
        ("shipped", "Shipped"),
        ("cancelled", "Cancelled"),
    ]

    reference = models.CharField(max_length=32, unique=True)
    customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default="new")
    warehouse = models.CharField(max_length=16, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    invoice = models.FileField(upload_to="invoices/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.reference

    @property
    def total(self):
        """Sum of the line totals."""
        return sum((line.total for line in self.lines.all()), Decimal("0"))

    def cancel(self):
        if self.status == "shipped":
            raise ValueError("cannot cancel a shipped order")
        self.status = "cancelled"
        self.save(update_fields=["status"])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    sku = models.CharField(max_length=32)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    @property
    def total(self):
        return self.unit_price * self.quantity

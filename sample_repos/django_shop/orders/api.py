"""Small JSON API for the mobile app (no DRF, on purpose: see README)."""
import json

from django.http import Http404, JsonResponse
from django.views import View

from .models import Order


def _serialise(order):
    return {
        "reference": order.reference,
        "status": order.status,
        "total": str(order.total),
        "lines": [{"sku": l.sku, "quantity": l.quantity} for l in order.lines.all()],
    }


class OrderListApi(View):
    def get(self, request):
        orders = Order.objects.filter(customer__user=request.user)[:50]
        return JsonResponse({"orders": [_serialise(o) for o in orders]})


class OrderDetailApi(View):
    """One order of the signed-in customer."""

    def get(self, request, pk):
        try:
            order = Order.objects.get(pk=pk, customer__user=request.user)
        except Order.DoesNotExist:
            raise Http404("no such order")
        return JsonResponse(_serialise(order))

    def patch(self, request, pk):
        payload = json.loads(request.body or "{}")
        order = Order.objects.get(pk=pk, customer__user=request.user)
        if payload.get("status") == "cancelled":
            order.cancel()
        return JsonResponse(_serialise(order))

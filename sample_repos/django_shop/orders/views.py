"""HTML views of the back-office order pages."""
import csv

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponse, HttpResponseGone, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import DetailView

from .models import Order
from .tasks import send_receipt


@login_required
def order_list(request):
    """Paginated list of the latest orders, filterable by status."""
    orders = Order.objects.select_related("customer")
    status = request.GET.get("status")
    if status:
        orders = orders.filter(status=status)
    return render(request, "orders/list.html", {"orders": orders[:100]})


class OrderDetailView(LoginRequiredMixin, DetailView):
    model = Order
    template_name = "orders/detail.html"


@login_required
def cancel_order(request, pk):
    order = get_object_or_404(Order, pk=pk)
    if request.method == "POST":
        order.cancel()
        send_receipt.delay(order.pk)
        return redirect("orders:detail", pk=order.pk)
    return render(request, "orders/confirm_cancel.html", {"order": order})


class ExportView(LoginRequiredMixin, View):
    """CSV export for the finance team."""

    def get(self, request):
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="orders.csv"'
        writer = csv.writer(response)
        writer.writerow(["reference", "email", "status", "total"])
        for order in Order.objects.select_related("customer"):
            writer.writerow([order.reference, order.customer.email, order.status, order.total])
        return response


def legacy_archive(request, year):
    # the 2016 archive pages were removed in 2019; keep answering 410 so crawlers forget them
    return HttpResponseGone("The %s archive is no longer available." % year)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("<int:pk>/", views.OrderDetailView.as_view(), name="detail"),
    path("<int:pk>/cancel/", views.cancel_order, name="cancel"),
    path("export.csv", views.ExportView.as_view(), name="export"),
]

"""shop URL Configuration

The `urlpatterns` list routes URLs to views. For more information please see:
    https://docs.djangoproject.com/en/4.2/topics/http/urls/
"""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from orders import api
from orders.views import healthz, legacy_archive

# JSON endpoints used by the mobile app (namespace "api")
api_patterns = [
    path("orders/", api.OrderListApi.as_view(), name="order-list"),
    path("orders/<int:pk>/", api.OrderDetailApi.as_view(), name="order-detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("orders/", include("orders.urls")),
    path("api/", include((api_patterns, "api"))),
    path(
        "accounts/",
        include(
            [
                path("login/", auth_views.LoginView.as_view(), name="login"),
                path("logout/", auth_views.LogoutView.as_view(), name="logout"),
            ]
        ),
    ),
    # old links from the 2016 newsletter archive still get traffic
    re_path(r"^legacy/(?P<year>[0-9]{4})/$", legacy_archive, name="legacy-archive"),
]

# load balancer probe, kept out of the i18n patterns on purpose
urlpatterns += [
    path("healthz", healthz),
]

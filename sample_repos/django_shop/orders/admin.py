from django.contrib import admin

from .models import Customer, Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("reference", "customer", "status", "warehouse", "created")
    list_filter = ("status", "warehouse")
    search_fields = ("reference", "customer__email")
    inlines = [OrderLineInline]


admin.site.register(Customer)

from django.contrib import admin

from .models import Audience, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_text"]
    readonly_fields = ["path", "depth", "numchild"]

    def has_add_permission(self, request: object) -> bool:
        return False  # units are added in the console or by import, so that the tree stays whole


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order", "is_active"]

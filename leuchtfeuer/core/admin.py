"""Admin: the documents built in the background, failed ones first to find (read-only)."""

from __future__ import annotations

from django.contrib import admin

from leuchtfeuer.core.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "attempts", "build_seconds", "size", "requested_at", "error"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "key", "error"]
    date_hierarchy = "requested_at"
    exclude = ["payload"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

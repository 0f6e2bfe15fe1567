from django.contrib import admin

from leuchtfeuer.finance.models import CriterionUpload, FinanceRole, Scenario


@admin.register(FinanceRole)
class FinanceRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "land_code", "created_at")
    list_filter = ("land_code",)
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(CriterionUpload)
class CriterionUploadAdmin(admin.ModelAdmin):
    list_display = ("filename", "land_code", "uploaded_by", "uploaded_at", "rows_read")
    list_filter = ("land_code",)
    readonly_fields = (
        "land_code",
        "uploaded_by",
        "uploaded_at",
        "filename",
        "rows_read",
        "criteria",
        "reference",
    )


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "land_code", "owner", "shared", "updated_at")
    list_filter = ("land_code", "shared")

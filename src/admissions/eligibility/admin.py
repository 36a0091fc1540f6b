from django.contrib import admin

from admissions.eligibility.models import EligibilityOverride


@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(admin.ModelAdmin):
    """Read-only: overrides are made on the staff pages (``services.override_eligibility``),
    which audit them and write the timeline; the admin only lets an administrator look."""

    list_display = ("application", "outcome", "previous_outcome", "actor", "at")
    list_filter = ("outcome",)
    search_fields = ("application__reference", "reason")
    readonly_fields = (
        "application",
        "outcome",
        "previous_outcome",
        "rules_version",
        "reason",
        "actor",
        "at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

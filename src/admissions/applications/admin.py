from django.contrib import admin

from admissions.applications.models import Application, ReferenceCounter, TimelineEvent
from admissions.core.admin import AuditedReadAdmin


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "from_status", "to_status", "actor", "reason", "visible_to_applicant")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AuditedReadAdmin):
    """Read-mostly: statuses change only through the transition service (staff pages).
    Each opening of an application here is audited, like the staff file."""

    list_display = ("reference", "applicant", "programme", "entry_level", "status", "submitted_at")
    list_filter = ("programme", "status")
    search_fields = ("reference", "applicant__email")
    readonly_fields = (
        "reference",
        "applicant",
        "programme",
        "intake",
        "entry_level",
        "round",
        "status",
        "submitted_at",
        "withdrawn_at",
        "version",
        "created_at",
        "updated_at",
    )
    inlines = [TimelineEventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ("intake", "last_number")
    readonly_fields = ("intake", "last_number")

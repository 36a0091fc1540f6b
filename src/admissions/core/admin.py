"""The audit trail in the admin: a list to look at, nothing to add, change or delete.

``AuditedReadAdmin`` records each admin view of one applicant's record, as the staff pages
do (docs/security.md, "Audit trail")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from admissions.core import audit
from admissions.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_ref", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_ref", "actor__email"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor",
        "action",
        "object_type",
        "object_ref",
        "programme_id",
        "ip_address",
        "data",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedReadAdmin(admin.ModelAdmin):
    """An admin whose change page shows an applicant's data: each opening is audited as
    ``admin.<model>_viewed`` with the record's ``audit_reference`` (its public reference
    where it has one)."""

    def audit_reference(self, obj: Any) -> str:
        return str(getattr(obj, "reference", "") or obj.pk)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit.record(
                    action=f"admin.{self.model._meta.model_name}_viewed",
                    actor=request.user,
                    object_type=self.model._meta.model_name,
                    object_ref=self.audit_reference(obj),
                    request=request,
                )
        return response

from django.contrib import admin

from admissions.core.admin import AuditedReadAdmin
from admissions.documents.models import (
    Document,
    DocumentRequest,
    MergedFile,
    Referee,
    RejectionReason,
)


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label_en", "label_fr", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Document)
class DocumentAdmin(AuditedReadAdmin):
    # Metadata only: the file itself is served by the permission-checked staff view. Each
    # opening is audited under the application's reference.
    list_display = ["original_name", "document_type", "application", "status", "uploaded_at"]
    list_filter = ["status", "document_type"]
    search_fields = ["application__reference", "original_name", "sha256"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def audit_reference(self, obj):
        return obj.application.reference

    def has_add_permission(self, request):  # uploads go through validation only
        return False

    def has_delete_permission(self, request, obj=None):  # nothing is lost
        return False


@admin.register(DocumentRequest)
class DocumentRequestAdmin(admin.ModelAdmin):
    list_display = ["application", "items", "reply_by", "requested_at", "resolved_at"]


@admin.register(Referee)
class RefereeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "application",
        "invited_at",
        "letter_received_at",
        "declined_at",
    ]
    search_fields = ["application__reference", "email", "name"]
    exclude = ["token_hash", "letter_text", "letter_stored_name"]
    readonly_fields = [
        "application",
        "invited_at",
        "letter_received_at",
        "replaced_at",
        "declined_at",
    ]


@admin.register(MergedFile)
class MergedFileAdmin(admin.ModelAdmin):
    list_display = ["application", "status", "requested_at", "generated_at", "page_count"]
    readonly_fields = [f.name for f in MergedFile._meta.fields]

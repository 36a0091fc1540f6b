from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from admissions.accounts.erasure import cancel_erasure
from admissions.accounts.models import ErasureRequest, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["programme"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_active", "role_assignments__role"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "preferred_language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Open requests can be cancelled here when the applicant writes within the grace period;
    nothing else is editable: the erasure itself is ``purge_expired``'s."""

    list_display = ["user", "requested_at", "erase_after", "cancelled_at", "completed_at"]
    list_filter = ["completed_at", "cancelled_at"]
    readonly_fields = ["user", "requested_at", "erase_after", "cancelled_at", "completed_at"]
    actions = ["cancel_and_reopen"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Cancel the erasure and reopen the account"))
    def cancel_and_reopen(self, request, queryset):
        cancelled = 0
        for erasure in queryset:
            if erasure.is_open:
                cancel_erasure(erasure=erasure, actor=request.user)
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d erasure request cancelled.",
                "%(count)d erasure requests cancelled.",
                cancelled,
            )
            % {"count": cancelled},
        )

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from admissions.accounts import services
from admissions.accounts.erasure import cancel_erasure
from admissions.accounts.models import ErasureRequest, RoleAssignment, User
from admissions.core import audit

# Changes to these fields of a user open or close doors: each is audited.
ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["programme"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Every role granted, changed or revoked here, and every change of a user's access
    flags, is recorded in the audit trail."""

    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_service_account",
        "date_joined",
    ]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_active", "is_service_account", "role_assignments__role"]
    inlines = [RoleAssignmentInline]
    readonly_fields = ["is_service_account"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "preferred_language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        # Set when the account is made (manage.py create_service_account), never here: a
        # person's account must not turn into one that needs no second factor.
        ("Service account", {"fields": ["is_service_account"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = [name for name in ACCESS_FIELDS if name in form.changed_data]
        if changed:
            audit.record(
                action="accounts.access_changed",
                actor=request.user,
                object_type="account",
                object_ref=obj.email[:120],
                request=request,
                data={name: getattr(obj, name) for name in changed},
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        # What each changed row held before the change, read before it is saved.
        rows = RoleAssignment.objects.select_related("user", "programme")
        before = {
            f.instance.pk: rows.get(pk=f.instance.pk)
            for f in formset.initial_forms
            if f.instance.pk
        }
        assignments = formset.save(commit=False)
        for removed in formset.deleted_objects:
            services.revoke_role(assignment=before[removed.pk], actor=request.user, request=request)
        for assignment, _fields in formset.changed_objects:
            services.record_role_revoked(
                assignment=before[assignment.pk], actor=request.user, request=request
            )
        for assignment in assignments:
            assignment.save()
            services.record_role_granted(assignment=assignment, actor=request.user, request=request)
        formset.save_m2m()
        return None


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

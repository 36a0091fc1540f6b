from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from admissions.accounts.mfa import has_mfa
from admissions.core.permissions import has_permission


class AdmissionsAdminSite(admin.AdminSite):
    """Django admin for administrators only, and only after two-factor authentication."""

    site_header = "Admissions administration"
    site_title = "Admissions administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and has_permission(user, "admin.access", any_programme=True)
            and has_mfa(user)
        )


class AdmissionsAdminConfig(AdminConfig):
    default_site = "admissions.accounts.admin_site.AdmissionsAdminSite"

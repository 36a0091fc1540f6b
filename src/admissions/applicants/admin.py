from django.contrib import admin

from admissions.applicants.models import Certification, Degree, Experience, LanguageTest, Profile
from admissions.core.admin import AuditedReadAdmin


class DegreeInline(admin.TabularInline):
    model = Degree
    extra = 0


class ExperienceInline(admin.TabularInline):
    model = Experience
    extra = 0


class LanguageTestInline(admin.TabularInline):
    model = LanguageTest
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Profile)
class ProfileAdmin(AuditedReadAdmin):
    # Each opening of an applicant's profile here is audited.
    list_display = ("__str__", "user", "residence_country", "updated_at")
    search_fields = ("given_names", "family_name", "user__email")
    raw_id_fields = ("user",)
    inlines = [DegreeInline, ExperienceInline, LanguageTestInline, CertificationInline]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    name = "admissions.applicants"
    label = "applicants"
    verbose_name = _("Applicants")

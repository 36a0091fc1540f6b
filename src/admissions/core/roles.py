"""The roles people hold. Staff roles are granted per programme (or for all programmes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Reviewer")
    # A committee's chair and its members from outside the school: the committee itself
    # (review.CommitteeMember) says which committee; the role gives the programme-wide part.
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    EXTERNAL_REVIEWER = "external_reviewer", _("External committee member")
    INTERVIEWER = "interviewer", _("Interviewer")
    PROGRAMME_HEAD = "programme_head", _("Programme head")
    ADMISSIONS_OFFICER = "admissions_officer", _("Admissions officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    PANEL_MEMBER = "panel_member", _("Panel member")
    ADMINISTRATOR = "administrator", _("Administrator")


# Referees have no account: they act through signed, expiring token links.
STAFF_ROLES = frozenset(Role) - {Role.APPLICANT}

"""The applicant's profile, kept once per person and reused by every application.

Identity (names as on the passport, birth date, nationalities, residence, contact), the
languages spoken and studied in, and four lists: degrees, professional experience, language
test results and certifications (MOOCs and the like). The language of correspondence lives on
``accounts.User.preferred_language``; ``services.update_profile`` keeps it in step.

Each model checks its own consistency in ``clean()`` with messages tied to fields (dates in
order, scores on the test's scale, a plausible birth date), so forms and the API show the same
messages; services call ``full_clean()`` before saving.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from admissions.applicants import validation
from admissions.core import clock


def local_today() -> dt.date:
    """Today on the server clock, in the platform's time zone."""
    return timezone.localdate(clock.now())


class DegreeLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's degree (Licence, 3 years)")
    MASTER1 = "master1", _("First year of a Master's (M1)")
    MASTER = "master", _("Master's degree")
    ENGINEERING = "engineering", _("Engineering degree (Diplôme d'ingénieur)")
    MBA = "mba", _("MBA")
    DOCTORATE = "doctorate", _("Doctorate (PhD)")
    OTHER = "other", _("Other degree")


class FieldOfStudy(models.TextChoices):
    # The rules engine's vocabulary (FIELDS in rules/eligibility/messages/words.py) for the fields
    # the seed programmes name, plus broad buckets for everything else.
    COMPUTER_SCIENCE = "computer_science", _("Computer science")
    COMPUTER_ENGINEERING = "computer_engineering", _("Computer engineering")
    SOFTWARE_ENGINEERING = "software_engineering", _("Software engineering")
    INFORMATION_SYSTEMS = "information_systems", _("Information systems")
    DATA_SCIENCE = "data_science", _("Data science")
    ARTIFICIAL_INTELLIGENCE = "artificial_intelligence", _("Artificial intelligence")
    NETWORKS = "networks", _("Networks")
    TELECOMMUNICATIONS = "telecommunications", _("Telecommunications")
    EMBEDDED_SYSTEMS = "embedded_systems", _("Embedded systems")
    ELECTRICAL_ENGINEERING = "electrical_engineering", _("Electrical engineering")
    ELECTRONICS = "electronics", _("Electronics")
    APPLIED_MATHEMATICS = "applied_mathematics", _("Applied mathematics")
    MATHEMATICS = "mathematics", _("Mathematics")
    PHYSICS = "physics", _("Physics")
    OTHER_SCIENCE = "other_science", _("Another science or engineering field")
    BUSINESS = "business", _("Business, economics or management")
    OTHER = "other", _("Another field")


class TestCode(models.TextChoices):
    __test__ = False  # not a pytest test class, whatever its name

    TOEIC_LR = "TOEIC_LR", "TOEIC Listening & Reading"
    TOEFL_IBT = "TOEFL_IBT", "TOEFL iBT"
    TOEFL_PBT = "TOEFL_PBT", _("TOEFL paper-based test (PBT)")
    TOEFL_ITP = "TOEFL_ITP", "TOEFL ITP"
    IELTS = "IELTS", "IELTS"
    CAMBRIDGE = "CAMBRIDGE", _("Cambridge English (Cambridge English Scale)")
    DELF = "DELF", "DELF"
    DALF = "DALF", "DALF"
    TCF = "TCF", "TCF"
    TEF = "TEF", "TEF"
    # Not an exam: a level stated by a previous university (the MSc accepts "previous
    # academic records"; programmes requiring an external exam refuse it).
    ACADEMIC = "ACADEMIC", _("English level attested by academic records")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class CertificationStatus(models.TextChoices):
    PASSED = "passed", _("Passed")
    PENDING = "pending", _("Result awaited")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    given_names = models.CharField(
        _("given names"), max_length=150, blank=True, help_text=_("As on your passport.")
    )
    family_name = models.CharField(
        _("family name"), max_length=150, blank=True, help_text=_("As on your passport.")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationalities = models.JSONField(
        _("nationalities"), default=list, blank=True, help_text=_("ISO 3166 country codes.")
    )
    residence_country = models.CharField(_("country of residence"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(
        _("postal address"), max_length=validation.MAX_ADDRESS_LENGTH, blank=True
    )
    native_languages = models.JSONField(
        _("native languages"), default=list, blank=True, help_text=_("ISO 639-1 codes.")
    )
    instruction_languages = models.JSONField(
        _("languages of your previous studies"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes of the languages you were taught in."),
    )
    # Lets "no rows" mean "none" rather than "not filled in yet" for experience.
    no_professional_experience = models.BooleanField(
        _("I have no professional experience"), default=False
    )
    special_needs = models.CharField(
        _("special needs for interviews"),
        max_length=validation.MAX_SPECIAL_NEEDS_LENGTH,
        blank=True,
        help_text=_("Anything the school should arrange for your interview."),
    )
    eef_file_number = models.CharField(_("Études en France file number"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("applicant profile")

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    def clean(self) -> None:
        today = local_today()
        errors: dict[str, list[ValidationError]] = {}
        checks = [
            ("date_of_birth", lambda: validation.check_birth_date(self.date_of_birth, today)),
            ("nationalities", lambda: validation.check_countries(self.nationalities)),
            ("residence_country", lambda: validation.check_country(self.residence_country)),
            ("native_languages", lambda: validation.check_languages(self.native_languages)),
            (
                "instruction_languages",
                lambda: validation.check_languages(self.instruction_languages),
            ),
            ("phone", lambda: validation.check_phone(self.phone)),
            ("eef_file_number", lambda: validation.check_eef_number(self.eef_file_number)),
        ]
        for field, check in checks:
            try:
                check()
            except ValidationError as error:
                errors.setdefault(field, []).append(error)
        if errors:
            raise ValidationError(errors)


class Degree(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="degrees")
    position = models.PositiveSmallIntegerField(default=0)
    level = models.CharField(_("level"), max_length=20, choices=DegreeLevel.choices)
    field = models.CharField(_("field of study"), max_length=40, choices=FieldOfStudy.choices)
    title = models.CharField(
        _("title of the degree"),
        max_length=200,
        blank=True,
        help_text=_("As printed on the diploma, e.g. Licence Informatique."),
    )
    institution = models.CharField(_("institution"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    ects = models.PositiveSmallIntegerField(
        _("ECTS credits"), null=True, blank=True, help_text=_("Leave empty if not counted in ECTS.")
    )
    years_of_study = models.DecimalField(
        _("years of study"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Years of higher education this degree completes (Licence 3, Master 5)."),
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Expected end date if in progress.")
    )
    completed = models.BooleanField(_("completed"), default=True)
    grade = models.CharField(_("grade or GPA"), max_length=100, blank=True)
    cti_accredited = models.BooleanField(
        _("accredited by the CTI"),
        null=True,
        blank=True,
        help_text=_(
            "French engineering degrees: accredited by the Commission des titres d'ingénieur."
        ),
    )

    class Meta:
        ordering = ["profile", "position", "started_on", "pk"]
        verbose_name = _("degree")

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.institution}"

    def clean(self) -> None:
        today = local_today()
        errors: dict[str, ValidationError] = validation.check_period(
            self.started_on, self.ended_on, today
        )
        if self.completed and "ended_on" not in errors:
            if self.ended_on is None:
                errors["ended_on"] = ValidationError(
                    validation.COMPLETED_DEGREE_NEEDS_END, code="end_required"
                )
            elif self.ended_on > today:
                errors["ended_on"] = ValidationError(
                    validation.COMPLETED_DEGREE_ENDS_IN_FUTURE, code="completed_in_future"
                )
        try:
            validation.check_country(self.country)
        except ValidationError as error:
            errors["country"] = error
        if self.ects is not None and not 0 <= self.ects <= 600:
            errors["ects"] = ValidationError(validation.ECTS_OUT_OF_RANGE, code="ects_range")
        if self.years_of_study is not None and not 0 <= self.years_of_study <= 15:
            errors["years_of_study"] = ValidationError(
                validation.YEARS_OUT_OF_RANGE, code="years_range"
            )
        if errors:
            raise ValidationError(errors)


class Experience(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    position = models.PositiveSmallIntegerField(default=0)
    employer = models.CharField(_("employer"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if you still hold this job.")
    )

    class Meta:
        ordering = ["profile", "position", "started_on", "pk"]
        verbose_name = _("professional experience")

    def __str__(self) -> str:
        return f"{self.role} — {self.employer}"

    @property
    def ongoing(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        today = local_today()
        errors = validation.check_period(self.started_on, self.ended_on, today)
        if "ended_on" not in errors and self.ended_on is not None and self.ended_on > today:
            errors["ended_on"] = ValidationError(
                validation.EXPERIENCE_ENDS_IN_FUTURE, code="end_in_future"
            )
        if errors:
            raise ValidationError(errors)


class LanguageTest(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="language_tests")
    position = models.PositiveSmallIntegerField(default=0)
    test = models.CharField(_("test"), max_length=20, choices=TestCode.choices)
    taken_on = models.DateField(
        _("date taken"), null=True, blank=True, help_text=_("Or booked, if awaiting the result.")
    )
    score = models.DecimalField(
        _("overall score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("CEFR level"), max_length=2, choices=CefrLevel.choices, blank=True)
    sub_scores = models.JSONField(
        _("section scores"),
        default=dict,
        blank=True,
        help_text=_('Where the test has them, e.g. {"listening": 400, "reading": 350}.'),
    )

    class Meta:
        ordering = ["profile", "position", "taken_on", "pk"]
        verbose_name = _("language test")

    def __str__(self) -> str:
        return f"{self.get_test_display()} {self.score_text or self.level or ''}".strip()

    @property
    def score_text(self) -> str:
        """The score as on the certificate, in the reader's way: "820", "6.5" / "6,5"."""
        if self.score is None:
            return ""
        score = Decimal(self.score)
        places = 0 if score == score.to_integral_value() else 1
        return formats.number_format(score, decimal_pos=places)

    @property
    def awaited(self) -> bool:
        """A booked test whose result has not come yet."""
        return self.score is None and not self.level

    def clean(self) -> None:
        errors = validation.check_language_test(
            test=self.test,
            score=self.score,
            level=self.level,
            taken_on=self.taken_on,
            sub_scores=self.sub_scores,
            today=local_today(),
        )
        if errors:
            raise ValidationError(errors)


class Certification(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="certifications")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("The identifier the programme gives, e.g. mooc-big-data-basics."),
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificationStatus.choices,
        default=CertificationStatus.PASSED,
    )
    obtained_on = models.DateField(_("date obtained"), null=True, blank=True)

    class Meta:
        ordering = ["profile", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code"], name="unique_certification_per_profile"
            )
        ]
        verbose_name = _("certification")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.obtained_on is not None and self.obtained_on > local_today():
            raise ValidationError(
                {
                    "obtained_on": ValidationError(
                        validation.RESULT_DATED_IN_FUTURE, code="result_in_future"
                    )
                }
            )

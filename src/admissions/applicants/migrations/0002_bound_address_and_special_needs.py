"""Bound the postal address (300 characters) and the special needs (2,000), which had no
limit (a 2.4 MB address was accepted). A value already longer is cut to the limit first, so
that PostgreSQL can narrow the column; the data is not put back on the way down."""

from django.db import migrations, models
from django.db.models.functions import Left, Length

LIMITS = {"address": 300, "special_needs": 2000}


def cut_to_the_limits(apps, schema_editor):
    Profile = apps.get_model("applicants", "Profile")
    for field, limit in LIMITS.items():
        Profile.objects.annotate(length=Length(field)).filter(length__gt=limit).update(
            **{field: Left(field, limit)}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0001_profile_degrees_experience_tests_certifications"),
    ]

    operations = [
        migrations.RunPython(cut_to_the_limits, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="address",
            field=models.CharField(blank=True, max_length=300, verbose_name="postal address"),
        ),
        migrations.AlterField(
            model_name="profile",
            name="special_needs",
            field=models.CharField(
                blank=True,
                help_text="Anything the school should arrange for your interview.",
                max_length=2000,
                verbose_name="special needs for interviews",
            ),
        ),
    ]

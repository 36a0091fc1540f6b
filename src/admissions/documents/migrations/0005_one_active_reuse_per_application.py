"""One active copy of a reused file per application.

Before the constraint, clicking "Use … from application …" twice attached a copy each time:
the later duplicates are taken off their application (``removed_at``, the row and the blob
stay, as for any removed document), the first copy stays.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def remove_duplicate_reuses(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    seen = set()
    duplicates = []
    active_copies = Document.objects.filter(
        removed_at__isnull=True, reused_from__isnull=False
    ).order_by("uploaded_at", "pk")
    for document_id, application_id, source_id in active_copies.values_list(
        "pk", "application_id", "reused_from_id"
    ):
        key = (application_id, source_id)
        if key in seen:
            duplicates.append(document_id)
        else:
            seen.add(key)
    if duplicates:
        Document.objects.filter(pk__in=duplicates).update(removed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_eligibility_snapshot_lz4"),
        ("catalogue", "0003_standard_document_types"),
        ("documents", "0004_merged_files"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_duplicate_reuses, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("removed_at__isnull", True), ("reused_from__isnull", False)),
                fields=("application", "reused_from"),
                name="document_one_active_reuse_per_application",
            ),
        ),
    ]

from django.db import migrations

REASONS = [
    ("illegible", "Illegible: the scan or photo cannot be read", "Illisible : le scan ou la photo ne se lit pas"),
    ("incomplete", "Incomplete: pages or parts are missing", "Incomplet : des pages ou des parties manquent"),
    ("wrong_document", "Not the document asked for", "Ce n'est pas le document demandé"),
    ("expired", "Expired or no longer valid", "Expiré ou plus valable"),
    ("not_certified", "Not certified or not official", "Non certifié ou non officiel"),
    ("other", "Other (see the comment)", "Autre (voir le commentaire)"),
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("documents", "RejectionReason")
    for position, (code, label_en, label_fr) in enumerate(REASONS):
        RejectionReason.objects.update_or_create(
            code=code, defaults={"label_en": label_en, "label_fr": label_fr, "position": position}
        )


def unseed(apps, schema_editor):
    RejectionReason = apps.get_model("documents", "RejectionReason")
    RejectionReason.objects.filter(code__in=[code for code, _en, _fr in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_documents_and_rejection_reasons")]
    operations = [migrations.RunPython(seed, unseed)]

"""An email template override holds a subject and one Markdown body (see 0002)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_override_text_versions_become_markdown_bodies")]

    operations = [
        migrations.RemoveField(model_name="emailtemplate", name="body_html"),
        migrations.RenameField(model_name="emailtemplate", old_name="body_text", new_name="body"),
        migrations.AlterField(
            model_name="emailtemplate",
            name="body",
            field=models.TextField(
                help_text=(
                    "Markdown: the text version is sent as written, the HTML version is built "
                    "from it."
                ),
                verbose_name="message",
            ),
        ),
    ]

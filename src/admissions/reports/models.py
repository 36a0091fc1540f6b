"""What the reports remember: the filters a person saved on the application list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A named search of the staff application list, for its owner only: the list's query
    string as it was (``programme=…&status=submitted&sort=-submitted``), opened again as a
    link. What it finds is always limited to the programmes its owner may see that day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    query_string = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_name_per_owner")
        ]
        verbose_name = _("saved filter")

    def __str__(self) -> str:
        return self.name

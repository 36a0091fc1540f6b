"""The applicant's time-zone chooser on the interview page."""

from __future__ import annotations

import functools
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zones named after a place (``Europe/Paris``), without the legacy aliases."""
    return tuple(
        sorted(
            name
            for name in zoneinfo.available_timezones()
            if "/" in name
            and name.split("/", 1)[0]
            in {
                "Africa",
                "America",
                "Antarctica",
                "Asia",
                "Atlantic",
                "Australia",
                "Europe",
                "Indian",
                "Pacific",
            }
        )
    )


def is_time_zone(name: str) -> bool:
    return name in time_zone_names() or name == "UTC"


class TimeZoneForm(AccessibleForm):
    tz = forms.ChoiceField(
        label=_("Show times in this time zone"),
        help_text=_("Times below are shown in this zone; the calendar file adapts by itself."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tz"].choices = [("UTC", "UTC")] + [
            (name, name.replace("_", " ")) for name in time_zone_names()
        ]

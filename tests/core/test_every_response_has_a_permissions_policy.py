"""Every response says which browser features the site never uses (camera, microphone,
location, payment, USB, sensors): a script that got in through some other hole still cannot
ask for them. Pages, the API, errors and the health check alike."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FEATURES_OFF = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/api/v1/programmes", "/no-such-page/", "/healthz"],
    ids=["home", "sign-in", "api", "not-found", "health"],
)
def test_the_response_turns_off_the_features_the_site_does_not_use(client, path):
    response = client.get(path)
    policy = response["Permissions-Policy"]
    for feature in FEATURES_OFF:
        assert feature in policy

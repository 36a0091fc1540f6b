"""Who a failed sign-in or a password-reset request counts against.

Counting per address alone let one address lock everyone out: five bad passwords on one
account refused every account from that address, and behind the TLS proxy every person
shares the proxy's address. Counting per account alone lets a stranger lock a staff member
out from anywhere. So the strict limit counts an account *and* an address together (failures
from address A never stop the owner signing in from address B, nor another account from A),
and a much higher ceiling counts the address alone (``settings.ACCOUNT_RATE_LIMITS``).

The address is the client's, read through the trusted proxies
(``settings.TRUSTED_PROXY_COUNT``, given to allauth as ``ALLAUTH_TRUSTED_PROXY_COUNT``):
only the entries the proxies themselves appended to ``X-Forwarded-For`` are believed, so a
client cannot pick its own address.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits see it (IPv6 addresses by their /64)."""
    from allauth.core.internal.ratelimit import get_ip

    return get_ip(request)


def account_and_address_key(request: HttpRequest, login: str) -> str:
    """The key of the strict limits: the account's login (email) and the client's address."""
    return f"{(login or '').strip().lower()}|{client_address(request)}"

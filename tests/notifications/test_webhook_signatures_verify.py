"""Integrators check X-Admissions-Signature with verify_signature (or the same HMAC)."""

from __future__ import annotations

import hashlib
import hmac

from admissions.notifications.signing import sign, verify_signature

SECRET = "whsec-test-3b8f0c"
BODY = b'{"data":{"application":"PMAI-2027-00042"},"event":"application.submitted"}'
NOW = 1_800_000_000


def test_a_signature_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()

    assert sign(SECRET, NOW, BODY) == f"sha256={expected}"


def test_our_own_signature_verifies():
    assert verify_signature(SECRET, str(NOW), BODY, sign(SECRET, NOW, BODY), now=NOW + 10)


def test_a_changed_body_does_not_verify():
    signature = sign(SECRET, NOW, BODY)

    assert not verify_signature(SECRET, NOW, BODY.replace(b"00042", b"00043"), signature, now=NOW)


def test_another_secret_does_not_verify():
    assert not verify_signature("another", NOW, BODY, sign(SECRET, NOW, BODY), now=NOW)


def test_an_old_timestamp_is_refused_even_with_a_valid_signature():
    signature = sign(SECRET, NOW, BODY)

    assert not verify_signature(SECRET, NOW, BODY, signature, tolerance_seconds=300, now=NOW + 301)
    assert verify_signature(SECRET, NOW, BODY, signature, tolerance_seconds=300, now=NOW + 300)


def test_a_garbled_timestamp_or_signature_is_refused():
    assert not verify_signature(SECRET, "yesterday", BODY, sign(SECRET, NOW, BODY), now=NOW)
    assert not verify_signature(SECRET, NOW, BODY, "sha256=00", now=NOW)
    assert not verify_signature(SECRET, NOW, BODY, "", now=NOW)

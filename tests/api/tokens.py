"""Calling the staff API as a program does: with ``Authorization: Bearer <token>``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from admissions.accounts import tokens
from admissions.core import clock
from admissions.core.permissions import SYSTEM


def make_token(
    owner: Any,
    scopes: list[str],
    *,
    programmes: list[Any] = (),
    days: int = 30,
    confirmed: bool = False,
) -> tokens.CreatedToken:
    """A token of ``owner`` made as the system would (the pages' rules are tested on their
    own), ``confirmed`` as if its creator had just typed their code."""
    now = clock.now()
    return tokens.create_token(
        owner=owner,
        name="Nightly import",
        scopes=scopes,
        programme_ids=[programme.pk for programme in programmes],
        expires_at=now + dt.timedelta(days=days),
        actor=SYSTEM,
        reauthenticated_at=now if confirmed else None,
        now=now,
    )


class Bearer:
    """A client sending one token with each request, and no cookie."""

    def __init__(self, secret: str | None, *, address: str = "203.0.113.7"):
        self.client = Client(REMOTE_ADDR=address)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **headers: Any) -> Any:
        return self.client.get(f"/api/v1{path}", **self.headers, **headers)

    def post(self, path: str, data: Any = None, **headers: Any) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", **self.headers, **headers
        )

"""The applicant's inbox: every message sent to a person, readable in the portal.

Subjects are shown in the language of the page; a message's body is shown as it was sent (in
the person's language of correspondence), marked with its language.
"""

from __future__ import annotations

import base64
import uuid
from io import BytesIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from admissions.notifications import selectors, services
from admissions.notifications.models import OutboxMessage

PAGE_SIZE = 25


def _own_message(request: HttpRequest, public_id: uuid.UUID) -> OutboxMessage:
    return selectors.inbox_message(user=request.user, public_id=public_id)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    for item in page.object_list:
        item.shown_subject = selectors.subject_for_reader(item, language)
    return render(
        request,
        "portal/inbox/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_GET
def message(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _own_message(request, public_id)
    services.mark_read(message=found, user=request.user)
    return render(
        request,
        "portal/inbox/message.html",
        {"message": found, "subject": selectors.subject_for_reader(found, get_language())},
    )


@login_required
@require_GET
def attachment(request: HttpRequest, public_id: uuid.UUID, index: int) -> FileResponse:
    found = _own_message(request, public_id)
    try:
        item = found.attachments[index]
    except IndexError:
        raise Http404("No such attachment.") from None
    handle: Any
    if "content_base64" in item:
        handle = BytesIO(base64.b64decode(item["content_base64"]))
    else:
        try:
            handle = default_storage.open(item["storage_name"], "rb")
        except FileNotFoundError:
            raise Http404("The file is no longer stored.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=item["filename"],
        content_type=item.get("mimetype") or "application/octet-stream",
    )

"""An audit event, once written, is never changed nor deleted through the application: not
by the model, not in bulk, not in the admin."""

import pytest

from admissions.core import audit
from admissions.core.models import AuditEvent, AuditTrailIsAppendOnly


@pytest.fixture
def event(officer):
    return audit.record(action="application.file_viewed", actor=officer, object_ref="PMAI-1")


def test_an_event_cannot_be_changed(event):
    event.action = "nothing.happened"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "application.file_viewed"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_changed_or_deleted_in_bulk(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "application.file_viewed"


def test_deleting_a_user_keeps_their_events_without_a_name(event, officer):
    officer.delete()
    event.refresh_from_db()
    assert event.actor is None and event.action == "application.file_viewed"


def test_the_admin_only_lists_events(client, administrator, event):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    assert client.get("/admin/core/auditevent/").status_code == 200
    change = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "x"})
    assert change.status_code == 403
    assert (
        client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "application.file_viewed"

"""Background work of the money side. Quote PDFs are rendered on the "documents" queue, with
the other PDFs; the emails they go with leave through the outbox."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="documents")
def deliver_quote(quote_id: int, payer_id: int | None = None) -> str:
    """Render and store an issued quote's PDF, then queue its email to the applicant (or,
    with ``payer_id``, to that payer). Safe to run twice."""
    from admissions.finance import quote_delivery

    return quote_delivery.deliver_quote(quote_id=quote_id, payer_id=payer_id)

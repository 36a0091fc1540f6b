"""Everything that changes decisions, places, offers and the waiting list.

- ``recording``: ``record_decision`` (held until release), ``carry_over_deferred``.
- ``places``: the capacity rows, their lock and the counts invariant 3 is kept with.
- ``release``: ``release_due`` (the job) and ``release_round_early``; the letter, the offer or
  the waiting-list entry each released decision opens.
- ``offers``: the offer's deadline, ``accept_offer``, ``decline_offer``, ``expire_offers``,
  ``send_offer_reminders``, ``withdraw`` (and so ``withdraw_after_accepting``).
- ``waitlist``: joining the list and promotion when a place is freed.

Lock order, everywhere: the ``Places`` row first, then the application row. Never the
reverse, so two of these never wait on each other.
"""

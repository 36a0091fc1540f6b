"""The applicant's rights over their personal data, and the school's retention period.

- ``export``: everything the platform holds about an applicant, as one zip (JSON and files).
- ``erasure``: what erasing a person, or one application, removes and what it keeps
  (anonymised payment and receipt rows, which accounting law requires the school to keep).
- ``retention``: ``purge_expired``: erasures whose grace period ended, and applications whose
  intake ended more than ``RETENTION_MONTHS_AFTER_INTAKE`` months ago; ``tick`` runs it daily.

Asking for erasure and cancelling it touch only the account: ``accounts.erasure``.
Reasons and the exact list of what is kept: ``docs/security.md``, "Personal data".
"""

"""Everything that changes money state, one module per area.

- ``ledger``: the fee an application owes, the payments that settle it, receipts numbered
  without gaps, and the finance events every change records.
"""

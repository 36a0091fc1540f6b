"""Steps that span several domain apps, called alike by ``portal``, ``api`` and ``backoffice``.

Layer 2 of the dependency order (``docs/architecture.md``): below the interface apps, above
every domain app. A workflow calls the domain apps' services and selectors explicitly and
holds no models.

``submission``: what stops a submission (every rule, listed in one tuple), the checklist,
the advice and next step shown before it, and the submission itself.
"""

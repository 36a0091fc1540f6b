"""The funding routes a programme may offer (``settings.funding_routes`` in its YAML).

The catalogue checks a programme's list against these codes when it loads the file; the
application form asks the applicant which of them they intend to use, and finance builds
quotes and advice from them.
"""

from __future__ import annotations

FUNDING_ROUTES: tuple[str, ...] = (
    "self_funded",
    "employer",
    "cpf",
    "transitional_cpf",
    "pole_emploi",
    "bank_loan",
    "scholarship",
)

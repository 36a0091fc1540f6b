"""Pure rule languages: data in, explained answers out, no database and no Django models.

- ``rules.eligibility``: the eligibility engine (programme rules trees, applicant profiles,
  explained results); its YAML format is described in ``docs/programmes.md``.
- ``rules.cefr``: language tests, their publishers' CEFR tables and score checks.
- ``rules.conditions``: the condition language of document requirements.

This package sits below the catalogue, so the catalogue can validate a programme with it, and
it imports nothing from the project but ``admissions.core``.
"""

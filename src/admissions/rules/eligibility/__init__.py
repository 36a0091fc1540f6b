"""Eligibility rules engine: declarative rules, explained results, no database.

The rules format (what a programme's YAML may say) is described in ``docs/programmes.md``,
"Eligibility rules". ``compile_rules()`` validates a tree once and returns a ``Rule``;
``evaluate()`` applies it to a ``Profile`` and returns a ``Result``. The modules, in the
order they build on each other: ``messages`` (the sentences), ``results`` (statuses,
outcomes, results), ``profile`` (the applicant data and its reader), ``criteria`` (the
compiled nodes that judge a profile), ``compiler`` (validating a tree, and ``evaluate``).
"""

from admissions.rules.eligibility.compiler import (
    Rule,
    RulesError,
    compile_rules,
    evaluate,
    rules_version,
)
from admissions.rules.eligibility.profile import (
    Certification,
    CertificationStatus,
    Degree,
    DegreeLevel,
    LanguageTest,
    Profile,
    ProfileError,
)
from admissions.rules.eligibility.results import CriterionResult, Outcome, Result, Status

__all__ = [
    "Certification",
    "CertificationStatus",
    "CriterionResult",
    "Degree",
    "DegreeLevel",
    "LanguageTest",
    "Outcome",
    "Profile",
    "ProfileError",
    "Result",
    "Rule",
    "RulesError",
    "Status",
    "compile_rules",
    "evaluate",
    "rules_version",
]

"""The condition language of document requirements.

A requirement in ``programmes/*.yaml`` says when a document is asked for with a small boolean
expression over facts of the applicant's profile::

    not (english_native or english_instruction)
    has_foreign_degree and not english_native
    experience_months >= 36
    true

The grammar, from the loosest to the tightest binding (the same precedence as Python)::

    condition  := or_expr END
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | primary
    primary    := "(" or_expr ")" | "true" | "false" | FACT | FACT CMP NUMBER
    CMP        := "==" | "!=" | "<" | "<=" | ">" | ">="

The text is tokenised and parsed by hand (recursive descent), never given to ``eval``: it is
configuration written by staff, and a typo must come back as a message with its column, not
as a Python error or, worse, as code that runs. Facts are checked against ``KNOWN_FACTS`` at
compile time, so a misspelt fact fails when the programme is loaded rather than silently
evaluating as unknown for every applicant.

Evaluation uses three-valued (Kleene) logic because profiles are filled in over time: a fact
the applicant has not given yet is ``None`` (unknown), and the result is ``None`` when the
known facts do not settle it. The checklist shows such a document as "possibly required".

This module is pure Python: it imports nothing from Django and touches no database, so the
YAML loader, the rules engine and the tests can all use it directly.

The modules: ``facts`` (the registry of facts), ``syntax`` (errors, syntax tree, parser),
``evaluation`` (three-valued evaluation and the sentences that explain a result) and
``condition`` (``Condition`` and ``compile_condition``).
"""

from admissions.rules.conditions.condition import Condition, compile_condition
from admissions.rules.conditions.facts import KNOWN_FACTS, FactDefinition, Facts, FactValue
from admissions.rules.conditions.syntax import ConditionError

__all__ = [
    "KNOWN_FACTS",
    "Condition",
    "ConditionError",
    "FactDefinition",
    "FactValue",
    "Facts",
    "compile_condition",
]

"""The questions a programme asks in its application form, and checking the answers.

Career plan, chosen track and funding intentions are asked by every programme (the track is
required only where the programme lists tracks in ``settings.tracks``); a programme adds its
own questions in ``settings.questions`` (``[{code, required, max_length}]``). Configuration,
not code: a new question is a line of the programme's YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admissions.applications import errors
from admissions.applications.errors import AnswersInvalid
from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.catalogue.models import Programme

MAX_TEXT_ANSWER = 10_000
MAX_SHORT_ANSWER = 200


def _tracks(programme: Programme) -> list[str]:
    tracks = (programme.settings or {}).get("tracks") or []
    codes = []
    for track in tracks:
        if isinstance(track, Mapping) and track.get("code"):
            codes.append(str(track["code"]))
        elif isinstance(track, str):
            codes.append(track)
    return codes


def programme_questions(programme: Programme) -> dict[str, dict[str, Any]]:
    """The questions of ``programme``: code -> {"kind": text|short|routes, "required",
    "max_length", "choices"}, in the form's order."""
    tracks = _tracks(programme)
    questions: dict[str, dict[str, Any]] = {
        "career_plan": {"kind": "text", "required": True, "max_length": MAX_TEXT_ANSWER},
        "chosen_track": {
            "kind": "short",
            "required": bool(tracks),
            "max_length": MAX_SHORT_ANSWER,
            "choices": tracks,
        },
        "funding_intentions": {"kind": "routes", "required": False},
    }
    for question in (programme.settings or {}).get("questions") or []:
        if isinstance(question, Mapping) and question.get("code"):
            questions[str(question["code"])] = {
                "kind": "text",
                "required": bool(question.get("required", False)),
                "max_length": int(question.get("max_length") or MAX_TEXT_ANSWER),
            }
    return questions


def clean_answers(programme: Programme, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as stored (text kept as typed, a track trimmed, routes deduplicated);
    raises ``AnswersInvalid`` mapping each wrong key to its message."""
    questions = programme_questions(programme)
    problems: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            problems[key] = errors.UNKNOWN_QUESTION % {"key": key}
            continue
        if value is None:
            cleaned[key] = None
            continue
        if question["kind"] == "routes":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems[key] = errors.FUNDING_NOT_A_LIST
                continue
            wrong = [route for route in value if route not in FUNDING_ROUTES]
            if wrong:
                problems[key] = errors.UNKNOWN_FUNDING_ROUTE % {
                    "route": wrong[0],
                    "routes": ", ".join(FUNDING_ROUTES),
                }
                continue
            cleaned[key] = list(dict.fromkeys(value))
            continue
        if not isinstance(value, str):
            problems[key] = errors.ANSWER_NOT_TEXT
            continue
        if len(value) > question["max_length"]:
            problems[key] = errors.ANSWER_TOO_LONG % {
                "length": len(value),
                "limit": question["max_length"],
            }
            continue
        choices = question.get("choices")
        if choices and value.strip() and value.strip() not in choices:
            problems[key] = errors.UNKNOWN_TRACK % {"tracks": ", ".join(choices)}
            continue
        cleaned[key] = value.strip() if question["kind"] == "short" else value
    if problems:
        raise AnswersInvalid(problems)
    return cleaned

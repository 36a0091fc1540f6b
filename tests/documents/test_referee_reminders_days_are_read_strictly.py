"""REFEREE_REMINDER_DAYS lists whole positive numbers of days; anything else stops start-up
with a message that says what to write instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def read_setting(value: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(SRC), "REFEREE_REMINDER_DAYS": value}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from admissions import settings; print(settings.REFEREE_REMINDER_DAYS)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("value", "days"), [("7,14", "[7, 14]"), ("14, 7,7", "[7, 14]"), ("", "[]")]
)
def test_the_days_are_read_sorted_once_each_and_empty_turns_reminders_off(value, days):
    result = read_setting(value)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == days


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7,two", "must list whole numbers of days separated by commas, for example 7,14."),
        ("0,7", "REFEREE_REMINDER_DAYS must list positive numbers of days."),
    ],
)
def test_a_value_that_is_not_a_list_of_positive_days_stops_start_up(value, message):
    result = read_setting(value)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr

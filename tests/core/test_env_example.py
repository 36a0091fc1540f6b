"""`.env.example` lists every setting the platform reads from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_read_by_settings_is_listed_in_env_example():
    settings_source = (ROOT / "src/admissions/settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "the settings module reads no environment variable?"
    assert read - listed == set()

"""The submission workflow's stories use the applications' calendar and ready draft."""

from tests.applications.conftest import calendar, ready_draft  # noqa: F401

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "admissions.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from admissions.accounts import (
            idempotency,  # noqa: F401  (registers tick jobs)
            search,
            security_events,
        )

        security_events.connect()
        search.connect()

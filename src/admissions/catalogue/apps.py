from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "admissions.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # A saved or deleted catalogue row makes the cached public pages out of date.
        from admissions.catalogue import public_cache

        public_cache.connect_signals()

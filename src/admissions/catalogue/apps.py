from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "admissions.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

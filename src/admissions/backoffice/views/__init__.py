"""The staff's pages, one module per area; ``backoffice/urls.py`` routes them."""

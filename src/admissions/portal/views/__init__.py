"""The applicant's and the public's pages, one module per area; ``portal/urls.py`` routes them."""

"""Reads for pages and the API, one module per area (fees, statements, quotes, dashboard)."""

"""The forms of the staff's pages, one module per area."""

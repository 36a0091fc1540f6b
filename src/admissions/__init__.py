"""Admissions platform for French graduate schools."""

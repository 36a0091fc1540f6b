"""Committee review and interviews: committees and their members, conflicts of interest,
reviewer assignment (a min-cost flow), rubric scoring, calibration, interview slots, booking
and outcomes. Below ``decisions`` (which ranks what this app produces), above documents,
eligibility and finance."""

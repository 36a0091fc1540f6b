"""The forms of the applicant's and the public's pages, one module per area."""

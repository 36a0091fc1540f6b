"""Interviews, from the selection of who is invited to the outcome that moves the
application on.

- ``access``: who may manage slots, select applicants, and record an outcome;
- ``slots``: slots staff open (every interviewer free) and cancel;
- ``selection``: the head (or a representative the head names) invites an applicant;
- ``booking``: the applicant books, moves or cancels until the cut-off;
- ``calendar``: the ``.ics`` sent with each change (same UID, increasing SEQUENCE);
- ``mail``: the emails of each step, in the applicant's language, with the ``.ics``;
- ``reminders``: the day-before reminder, once;
- ``outcomes``: the outcome sheet, the no-show, and what a pass moves;
- ``selectors``: what the staff and applicant pages read.
"""

"""Services of the applicant's portal that span several domain apps.

``submission``: what is missing before a submission, the advice to show, and the submission
itself (it calls the profile, the applications' transition and the checks other apps
register).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from admissions.applications.selectors import staff_overview
from admissions.applications.states import Status
from admissions.backoffice.views.applications import application_actions
from admissions.catalogue.models import Intake
from admissions.core.permissions import check, has_permission, programme_scope
from admissions.review.interviews import access as interview_access
from admissions.review.selectors import may_review


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff's landing page: their programmes, where applications stand, the latest
    submitted ones with links to the pages of each that the person may open."""
    check(request.user, "backoffice.access", any_programme=True)
    programmes, counts, latest = staff_overview(
        programme_ids=programme_scope(request.user, "application.view")
    )
    latest_intakes = {
        intake.programme_id: intake
        for intake in Intake.objects.filter(programme__in=programmes).order_by("academic_year")
    }
    rows = []
    for programme in programmes:
        mine = counts.get(programme.pk, {})
        intake = latest_intakes.get(programme.pk)
        rows.append(
            {
                "programme": programme,
                # The intake's interview page, for those who open slots or select.
                "interviews_intake": intake
                if intake is not None
                and interview_access.can_open_intake_page(request.user, programme)
                else None,
                # In lifecycle order, only the statuses that have applications.
                "counts": [(status.label, mine[status]) for status in Status if mine.get(status)],
            }
        )
    return render(
        request,
        "backoffice/home.html",
        {
            "rows": rows,
            "latest": [
                (application, application_actions(request.user, application))
                for application in latest
            ],
            "can_review": may_review(request.user),
            "can_list": has_permission(request.user, "application.view", any_programme=True),
            "can_check": has_permission(request.user, "application.check", any_programme=True),
            "can_see_committees": has_permission(
                request.user, "committee.chair", any_programme=True
            )
            or has_permission(request.user, "committee.manage", any_programme=True),
            "can_interview": has_permission(
                request.user, "application.interview", any_programme=True
            ),
            "is_administrator": has_permission(request.user, "admin.access", any_programme=True),
            "can_manage_finance": has_permission(request.user, "finance.view", any_programme=True),
            "can_manage_quotes": has_permission(request.user, "finance.quotes", any_programme=True),
            "can_see_finance": has_permission(request.user, "finance.view", any_programme=True)
            or has_permission(request.user, "reports.export", any_programme=True),
        },
    )

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from admissions.core.permissions import require


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, "backoffice.access", any_programme=True)
    return render(request, "backoffice/home.html", {})

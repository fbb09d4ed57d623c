"""The pages a client contact reaches from an emailed survey or status-report link.

GET only shows (mail scanners fetch links); a POST with a CSRF token answers. The token stays in the
address, so the pages send no Referer to other sites and are never cached or indexed.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from agency.core import links
from agency.core.audit import client_ip
from agency.core.links import link_page

from ..forms import SurveyAnswerForm
from ..services import status_reports as report_services
from ..services import surveys as survey_services
from ..services.errors import AccountsError


@link_page()
@require_http_methods(["GET", "HEAD", "POST"])
@links.opened_by(survey_services.find_by_token)
def survey_link(request, survey):
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and survey.answered_at is None:
        if form.is_valid():
            try:
                survey = survey_services.survey_answer(survey=survey, ip=client_ip(request), **form.cleaned_data)
            except AccountsError as exc:
                form.add_error(None, exc.message)
                status = 409
        else:
            status = 400
    elif request.method == "POST":
        status = 409
    return render(request, "accounts/survey_link.html", {"survey": survey, "form": form}, status=status)


@link_page()
@require_http_methods(["GET", "HEAD", "POST"])
@links.opened_by(report_services.find_by_token)
def status_report_link(request, report):
    error = ""
    if request.method == "POST":
        try:
            report = report_services.status_report_acknowledge(report=report, ip=client_ip(request))
        except AccountsError as exc:
            error = exc.message
    return render(
        request, "accounts/status_report_link.html", {"report": report, "error": error}, status=409 if error else 200
    )

"""Review pages. Every object comes through evaluations.access, which decides who sees what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Contact
from agency.core import export_jobs
from agency.core.tables import list_page, table_sheet

from . import access, queries
from .csv_export import csv_response
from .filters import ReviewFilter
from .forms import (
    AddReviewerForm,
    AdHocReviewForm,
    CompetencyForm,
    CycleForm,
    DiscussionForm,
    EmployeeCommentForm,
    FeedbackForm,
    RawAnswersForm,
)
from .models import Feedback, Relationship, Review, ReviewCycle
from .services import reviews as services
from .tables import ReviewTable


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "evaluations/index.html",
        {
            "feedback": queries.feedback_to_give(user),
            "my_reviews": queries.my_reviews(user),
            "supervised": queries.reviews_i_supervise(user),
            "may_see_cycles": access.may_see_cycles(user),
        },
    )


# Giving feedback


_competencies_with_expectations = queries.competencies_with_expectations


@login_required
def feedback_form(request, feedback_id):
    feedback = access.get_own_feedback_or_404(request.user, feedback_id)
    review = feedback.review
    competencies = _competencies_with_expectations(review.cycle.framework_id, review.title)
    form = FeedbackForm(request.POST or None, competencies=competencies)
    if feedback.status == Feedback.Status.REQUESTED and request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                feedback=feedback,
                by=request.user,
                answers=form.answers(),
                overall_comments=form.cleaned_data["overall_comments"].strip(),
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your feedback is submitted."))
            return redirect("reviews:feedback", feedback_id=feedback.pk)
    answers = {a.competency_id: a for a in feedback.answers.all()}
    answered = [(c, answers.get(c.pk)) for c in competencies]
    return render(
        request,
        "evaluations/feedback_form.html",
        {
            "feedback": feedback,
            "review": review,
            "form": form,
            "answered": answered,
            "facts": queries.person_facts(review.reviewee, review.cycle.period_start, review.cycle.period_end),
        },
    )


# A review: reviewers, discussion, sign-off


def _review_context(request, review, **extra):
    user = request.user
    may_manage = access.may_manage(user, review)
    context = {
        "review": review,
        "may_manage": may_manage,
        "may_see_results": access.may_see_results(user, review),
        "may_see_names": access.may_see_reviewer_names(user, review),
        "is_reviewee": user.pk == review.reviewee_id,
        "is_supervisor": user.pk == review.supervisor_id,
        "reviewers": queries.reviewers_of(review),
        "links_to_renew": set(),
    }
    if may_manage and review.status == Review.Status.COLLECTING:
        colleagues, contacts = queries.reviewer_suggestions(review)
        context["suggested_colleagues"] = colleagues
        context["suggested_contacts"] = contacts
        context["links_to_renew"] = {f.pk for f in queries.client_links_to_renew(review)}
        context.setdefault("add_form", AddReviewerForm(contacts=_contacts_to_ask(review, contacts)))
    if review.status == Review.Status.DISCUSSION:
        if may_manage and user.pk != review.reviewee_id:
            context.setdefault("discussion_form", DiscussionForm(instance=review, initial={"version": review.version}))
        if user.pk == review.reviewee_id:
            context.setdefault(
                "comment_form", EmployeeCommentForm(instance=review, initial={"version": review.version})
            )
    context.update(extra)
    return context


def _contacts_to_ask(review, suggested):
    """Contacts the add-reviewer form accepts: those suggested, and those asked whose link needs renewing."""
    renew = [f.contact_id for f in queries.client_links_to_renew(review)]
    return Contact.objects.filter(pk__in=[c.pk for c in suggested] + renew)


@login_required
def review_detail(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    return render(request, "evaluations/review_detail.html", _review_context(request, review))


@login_required
@require_POST
def review_add_reviewer(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    if not access.may_manage(request.user, review):
        return redirect("reviews:review", review_id=review.pk)
    _colleagues, contacts = queries.reviewer_suggestions(review)
    form = AddReviewerForm(request.POST, contacts=_contacts_to_ask(review, contacts))
    if form.is_valid():
        renewing = {f.pk for f in queries.client_links_to_renew(review)}
        try:
            feedback = services.review_add_reviewer(
                review=review,
                relationship=form.cleaned_data["relationship"],
                reviewer=form.cleaned_data["reviewer"],
                contact=form.cleaned_data["contact"],
                by=request.user,
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            if feedback.contact_id and feedback.pk in renewing:
                messages.success(request, _("A new link is emailed to %(name)s.") % {"name": feedback.contact})
            elif feedback.contact_id:
                messages.success(
                    request, _("%(name)s is asked for feedback by emailed link.") % {"name": feedback.contact}
                )
            else:
                messages.success(request, _("%(name)s is invited by email.") % {"name": feedback.reviewer})
            return redirect("reviews:review", review_id=review.pk)
    return render(
        request, "evaluations/review_detail.html", _review_context(request, review, add_form=form), status=400
    )


@login_required
@require_POST
def review_share_results(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    try:
        services.review_share_results(review=review, by=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Feedback is closed and the results are shared with %(name)s.") % {"name": review.reviewee}
        )
    return redirect("reviews:review", review_id=review.pk)


@login_required
@require_POST
def review_discussion(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    form = DiscussionForm(request.POST, instance=Review.objects.get(pk=review.pk))
    if form.is_valid():
        try:
            services.review_record_discussion(
                review=review,
                by=request.user,
                version=form.cleaned_data["version"],
                supervisor_summary=form.cleaned_data["supervisor_summary"],
                overall_rating=form.cleaned_data["overall_rating"],
                meeting_on=form.cleaned_data["meeting_on"],
                meeting_notes=form.cleaned_data["meeting_notes"],
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The discussion record is saved."))
            return redirect("reviews:review", review_id=review.pk)
    return render(
        request, "evaluations/review_detail.html", _review_context(request, review, discussion_form=form), status=400
    )


@login_required
@require_POST
def review_comment(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    form = EmployeeCommentForm(request.POST, instance=Review.objects.get(pk=review.pk))
    if form.is_valid():
        try:
            services.review_employee_comment(
                review=review,
                by=request.user,
                version=form.cleaned_data["version"],
                employee_comments=form.cleaned_data["employee_comments"],
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comments are saved."))
            return redirect("reviews:review", review_id=review.pk)
    return render(
        request, "evaluations/review_detail.html", _review_context(request, review, comment_form=form), status=400
    )


@login_required
@require_POST
def review_sign(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    try:
        review = services.review_sign(review=review, by=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        if review.status == Review.Status.SIGNED_OFF:
            messages.success(request, _("The review is signed off by both and is now read-only."))
        else:
            messages.success(request, _("You have signed the review."))
    return redirect("reviews:review", review_id=review.pk)


# Results


@login_required
def review_results(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    if not access.may_see_results(request.user, review):
        return render(request, "evaluations/results_not_yet.html", {"review": review})
    results = access.results_for(request.user, review)
    rows = [
        (
            c,
            results.overall.get(c.pk),
            [n.answers.get(c.pk) for n in results.named],
            [(g, g.averages.get(c.pk), g.comments.get(c.pk, [])) for g in results.groups],
        )
        for c in results.competencies
    ]
    return render(
        request,
        "evaluations/results.html",
        {
            "review": review,
            "results": results,
            "rows": rows,
            "min_responses": access.MIN_GROUP_RESPONSES,
            "facts": queries.person_facts(review.reviewee, review.cycle.period_start, review.cycle.period_end),
        },
    )


def _result_rows(results):
    review = results.review
    base = [str(review.reviewee), review.cycle.name]
    for named in results.named:
        for competency in results.competencies:
            answer = named.answers.get(competency.pk)
            rating = answer.rating if answer and answer.rating else _("Not observed")
            yield [*base, named.label, named.reviewer, competency.name, rating, 1, answer.comment if answer else ""]
    for client in results.clients:
        reviewer = f"{client.contact} ({client.client})"
        for answer in client.answers:
            rating = answer.rating or _("Not observed")
            yield [*base, Relationship.CLIENT.label, reviewer, str(answer.label), rating, 1, answer.comment]
    for group in results.groups:
        for competency in results.competencies:
            average = group.averages.get(competency.pk)
            yield [
                *base,
                str(group.label),
                _("%(n)s responses") % {"n": group.responses},
                competency.name,
                average[0] if average else _("Not observed"),
                average[1] if average else 0,
                " / ".join(group.comments.get(competency.pk, [])),
            ]
    if results.withheld:
        yield [
            *base,
            str(results.withheld.label),
            results.withheld.members_text,
            "",
            _("Not shown: fewer than %(n)s responses") % {"n": access.MIN_GROUP_RESPONSES},
            results.withheld.responses,
            "",
        ]


RESULT_HEADER = ["person", "cycle", "group", "reviewer", "competency", "rating", "ratings", "comments"]


@login_required
def review_results_csv(request, review_id):
    review = access.get_review_or_404(request.user, review_id)
    results = access.results_for(request.user, review)
    return csv_response(f"review-{review.pk}-results.csv", RESULT_HEADER, _result_rows(results))


@login_required
def review_raw_answers(request, review_id):
    access.require_management(request.user)
    review = access.get_review_or_404(request.user, review_id)
    form = RawAnswersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feedback = access.raw_answers_for(request.user, review, reason=form.cleaned_data["reason"], request=request)
        if request.POST.get("format") == "csv":
            rows = (
                [
                    str(review.reviewee),
                    review.cycle.name,
                    f.get_relationship_display(),
                    f.reviewer_name,
                    str(a.label),
                    a.rating or _("Not observed"),
                    1,
                    a.comment,
                ]
                for f in feedback
                for a in f.answers.all()
            )
            return csv_response(f"review-{review.pk}-raw-answers.csv", RESULT_HEADER, rows)
        return render(request, "evaluations/raw_answers.html", {"review": review, "feedback": feedback})
    return render(request, "evaluations/raw_answers.html", {"review": review, "form": form})


# Management: cycles, progress, framework


def _cycle_list_context(request, **extra):
    user = request.user
    context = {"cycles": access.cycles_visible_to(user).select_related("framework"), "may_start": user.is_management}
    if user.is_management:
        context.update(form=CycleForm(), ad_hoc_form=AdHocReviewForm())
    context.update(extra)
    return context


@login_required
def cycle_list(request):
    access.require_cycles(request.user)
    if request.method != "POST":
        return render(request, "evaluations/cycle_list.html", _cycle_list_context(request))
    access.require_management(request.user)
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = services.cycle_create(by=request.user, **form.cleaned_data)
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The cycle has started: reviewers are invited."))
            return redirect("reviews:cycle", cycle_id=cycle.pk)
    return render(request, "evaluations/cycle_list.html", _cycle_list_context(request, form=form))


@login_required
@require_POST
def ad_hoc_review(request):
    access.require_management(request.user)
    form = AdHocReviewForm(request.POST)
    if form.is_valid():
        from django.utils import timezone

        person, today = form.cleaned_data["person"], timezone.localdate()
        cycle = services.cycle_create(
            name=f"{form.cleaned_data['reason']} · {person}",
            period_start=today.replace(month=1, day=1),
            period_end=today,
            feedback_deadline=form.cleaned_data["feedback_deadline"],
            titles=[person.title],
            people=[person],
            kind=ReviewCycle.Kind.AD_HOC,
            by=request.user,
        )
        messages.success(request, _("The ad-hoc review has started."))
        return redirect("reviews:review", review_id=cycle.reviews.get().pk)
    return render(request, "evaluations/cycle_list.html", _cycle_list_context(request, ad_hoc_form=form), status=400)


@login_required
def cycle_detail(request, cycle_id):
    cycle = access.get_cycle_or_404(request.user, cycle_id)
    # A line manager sees the progress of the people under them only.
    reviews = queries.cycle_progress(cycle).filter(pk__in=access.reviews_visible_to(request.user).values("pk"))
    return render(request, "evaluations/cycle_detail.html", {"cycle": cycle, "reviews": reviews})


@login_required
def cycle_results_csv(request, cycle_id):
    user = request.user
    cycle = access.get_cycle_or_404(user, cycle_id)
    rows = []
    reviews = access.reviews_visible_to(user).filter(cycle=cycle).select_related("reviewee", "cycle")
    for review in reviews:
        if access.may_see_results(user, review):
            rows.extend(_result_rows(access.results_for(user, review)))
    return csv_response(f"cycle-{cycle.pk}-results.csv", RESULT_HEADER, rows)


@login_required
def framework(request):
    access.require_management(request.user)
    current = services.framework_current()
    competencies = current.competencies.prefetch_related("behaviours", "expectations")
    return render(
        request,
        "evaluations/framework.html",
        {"framework": current, "competencies": competencies, "in_use": current.cycles.exists()},
    )


@login_required
def competency_edit(request, code):
    access.require_management(request.user)
    current = services.framework_current()
    competency = access.get_competency_or_404(current, code)
    form = CompetencyForm(request.POST or None, initial=CompetencyForm.initial_for(competency))
    if request.method == "POST" and form.is_valid():
        services.competency_update(
            code=code,
            by=request.user,
            name=form.cleaned_data["name"],
            name_zh=form.cleaned_data["name_zh"],
            description=form.cleaned_data["description"],
            behaviours=form.cleaned_data["behaviours"],
            expectations=form.expectations(),
        )
        messages.success(request, _("The competency is saved. Cycles already started keep their version."))
        return redirect("reviews:framework")
    return render(
        request,
        "evaluations/competency_form.html",
        {"form": form, "competency": competency, "in_use": current.cycles.exists()},
    )


@login_required
def person_history(request, user_id):
    person = access.get_person_for_history_or_404(request.user, user_id)
    reviews = queries.history_of(person)
    names = queries.competency_codes({r.cycle.framework_id for r in reviews})
    rows = []
    for review in reviews:
        averages = {}
        if review.status != Review.Status.COLLECTING:
            # The trend shows what the person themselves may see, whoever looks at it.
            results = access.results_for(person, review)
            averages = {c.code: results.overall.get(c.pk) for c in results.competencies}
        rows.append({"review": review, "averages": [averages.get(code) for code in names]})
    return render(
        request, "evaluations/history.html", {"person": person, "rows": rows, "competencies": list(names.values())}
    )


# Every review this person may open, as a list


def _review_filters(request):
    reviews = access.reviews_visible_to(request.user).select_related("reviewee", "supervisor", "cycle")
    return ReviewFilter(request.GET, queryset=reviews.order_by("-created_at", "-id"), request=request)


@login_required
def review_list(request):
    filters = _review_filters(request)
    return render(request, "evaluations/review_list.html", list_page(request, ReviewTable(filters.qs), filters))


@export_jobs.exporter("reviews")
def review_sheet(request):
    return table_sheet(request, ReviewTable(_review_filters(request).qs), "reviews", _("Reviews"))


@login_required
def review_list_export(request, export_format):
    return export_jobs.export(request, "reviews", export_format)

"""State changes for 360° reviews: the framework, cycles, reviewers, feedback, discussion and sign-off."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit
from agency.core.outbox import queue_email
from evaluations.models import (
    Competency,
    CompetencyFramework,
    Feedback,
    FeedbackAnswer,
    Relationship,
    Review,
    ReviewCycle,
)


class ReviewError(Exception):
    """A change the review's state or the person's role does not allow; the message is for the user."""


class StaleReview(ReviewError):
    pass


# The framework


def framework_current():
    return CompetencyFramework.objects.order_by("-version").first()


def _framework_in_use(framework):
    return framework.cycles.exists()


def framework_new_version(*, framework, by):
    """Copy a framework into a new version; the old one stays exactly as the cycles using it saw it."""
    with transaction.atomic():
        latest = CompetencyFramework.objects.select_for_update().order_by("-version").first()
        copy = CompetencyFramework.objects.create(
            name=framework.name, version=latest.version + 1, based_on=framework, created_by=by
        )
        for competency in framework.competencies.prefetch_related("behaviours", "expectations"):
            new = Competency.objects.create(
                framework=copy,
                code=competency.code,
                order=competency.order,
                name=competency.name,
                name_zh=competency.name_zh,
                description=competency.description,
            )
            new.behaviours.bulk_create(
                [
                    b.__class__(
                        competency=new, order=b.order, name=b.name, name_zh=b.name_zh, description=b.description
                    )
                    for b in competency.behaviours.all()
                ]
            )
            new.expectations.bulk_create(
                [e.__class__(competency=new, title=e.title, text=e.text) for e in competency.expectations.all()]
            )
        audit.record("review.framework_versioned", obj=copy, actor=by, data={"based_on": framework.version})
    return copy


def competency_update(*, code, by, name, name_zh, description, behaviours, expectations):
    """Edit one competency of the current framework.

    If a cycle has started with the current version, the edit goes into a new
    version, so that cycle keeps what its reviewers answered.
    `behaviours` is a list of (name, name_zh, description); `expectations` maps title → text.
    """
    if not by.is_management:
        raise ReviewError(_("Only management can edit the competency framework."))
    with transaction.atomic():
        framework = framework_current()
        if _framework_in_use(framework):
            framework = framework_new_version(framework=framework, by=by)
        competency = Competency.objects.select_for_update().get(framework=framework, code=code)
        competency.name, competency.name_zh, competency.description = name, name_zh, description
        competency.save()
        competency.behaviours.all().delete()
        competency.behaviours.bulk_create(
            [
                competency.behaviours.model(competency=competency, order=i, name=n, name_zh=zh, description=d)
                for i, (n, zh, d) in enumerate(behaviours, start=1)
            ]
        )
        competency.expectations.all().delete()
        competency.expectations.bulk_create(
            [
                competency.expectations.model(competency=competency, title=title, text=text)
                for title, text in expectations.items()
                if text.strip()
            ]
        )
        audit.record("review.competency_edited", obj=competency, actor=by, data={"version": framework.version})
    return competency


# Cycles and reviewers


def cycle_create(*, name, period_start, period_end, feedback_deadline, titles, by, people=None, kind=None):
    """Start a cycle with the current framework: a review for each active person with a title in scope.

    An ad-hoc review is a cycle of kind "ad hoc" for the people named.
    Each review starts with the self review and the supervisor's review requested.
    """
    if not by.is_management:
        raise ReviewError(_("Only management can start a review cycle."))
    if period_end < period_start:
        raise ReviewError(_("The period ends before it starts."))
    with transaction.atomic():
        framework = framework_current()
        cycle = ReviewCycle.objects.create(
            name=name,
            kind=kind or ReviewCycle.Kind.PERIODIC,
            framework=framework,
            period_start=period_start,
            period_end=period_end,
            feedback_deadline=feedback_deadline,
            titles=list(titles),
            created_by=by,
        )
        staff = get_user_model().objects.filter(is_active=True)
        staff = staff.filter(pk__in=[p.pk for p in people]) if people is not None else staff.filter(title__in=titles)
        for person in staff.select_related("supervisor"):
            review = Review.objects.create(
                cycle=cycle, reviewee=person, title=person.title, supervisor=person.supervisor
            )
            _add_feedback(review=review, relationship=Relationship.SELF, reviewer=person, by=by)
            if person.supervisor and person.supervisor.is_active:
                _add_feedback(review=review, relationship=Relationship.SUPERVISOR, reviewer=person.supervisor, by=by)
        audit.record(
            "review.cycle_created",
            obj=cycle,
            actor=by,
            data={"framework_version": framework.version, "reviews": cycle.reviews.count()},
        )
    return cycle


def _add_feedback(*, review, relationship, by, reviewer=None, contact=None):
    feedback = Feedback.objects.create(
        review=review, relationship=relationship, reviewer=reviewer, contact=contact, added_by=by
    )
    if reviewer is not None:
        _email_reviewer(feedback, "review_feedback_invitation")
    else:
        _send_client_link(feedback, by)
    return feedback


def _send_client_link(feedback, by):
    """A client contact answers by emailed link (no account), valid until the feedback deadline."""
    from agency.core import decisions

    days_left = (feedback.review.cycle.feedback_deadline - timezone.localdate()).days + 1
    try:
        decisions.request_decision(
            document=feedback, contact=feedback.contact, by=by, expires_in_days=max(days_left, 1)
        )
    except decisions.DecisionError as error:
        raise ReviewError(str(error)) from error


def _email_reviewer(feedback, template):
    reviewer = feedback.reviewer
    queue_email(
        to_email=reviewer.email,
        to_name=str(reviewer),
        template=template,
        context={
            "reviewer": reviewer,
            "reviewee": str(feedback.review.reviewee),
            "is_self": feedback.relationship == Relationship.SELF,
            "cycle": feedback.review.cycle.name,
            "deadline": feedback.review.cycle.feedback_deadline,
            "path": f"/reviews/feedback/{feedback.pk}/",
        },
        language=reviewer.language,
        related=feedback,
    )


def _check_collecting(review):
    if review.status != Review.Status.COLLECTING:
        raise ReviewError(_("Feedback for this review is closed."))


def review_add_reviewer(*, review, relationship, by, reviewer=None, contact=None):
    """Ask one more person for feedback. Staff are invited by email at once."""
    from evaluations.access import may_manage

    if not may_manage(by, review):
        raise ReviewError(_("Only the supervisor or management can choose reviewers."))
    if (reviewer is None) == (contact is None):
        raise ReviewError(_("Choose either a colleague or a client contact."))
    if contact is not None:
        relationship = Relationship.CLIENT
    elif relationship == Relationship.CLIENT:
        raise ReviewError(_("Client feedback comes from client contacts."))
    elif relationship in (Relationship.SELF, Relationship.SUPERVISOR):
        raise ReviewError(_("The self review and the supervisor's review are requested when the review starts."))
    elif reviewer.pk == review.reviewee_id:
        raise ReviewError(_("The reviewed person gives their own view in the self review."))
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        _check_collecting(review)
        existing = review.feedback.filter(Q(reviewer=reviewer) if reviewer else Q(contact=contact)).first()
        if existing is not None and contact is not None and _link_to_renew(existing):
            # The contact's link expired, was withdrawn or outdated before they answered: a new one.
            _send_client_link(existing, by)
            audit.record(
                "review.reviewer_added",
                obj=review,
                actor=by,
                data={"relationship": relationship, "reviewer": None, "contact": contact.pk, "new_link": True},
            )
            return existing
        if existing is not None:
            raise ReviewError(_("%(name)s is already a reviewer.") % {"name": reviewer or contact})
        feedback = _add_feedback(review=review, relationship=relationship, reviewer=reviewer, contact=contact, by=by)
        audit.record(
            "review.reviewer_added",
            obj=review,
            actor=by,
            data={
                "relationship": relationship,
                "reviewer": reviewer.pk if reviewer else None,
                "contact": contact.pk if contact else None,
            },
        )
    return feedback


def _link_to_renew(feedback):
    """A client contact's unanswered feedback with no link open: they can be sent a new one."""
    from agency.core.models import DecisionRequest

    if not feedback.contact_id or feedback.status != Feedback.Status.REQUESTED:
        return False
    return not DecisionRequest.objects.for_documents([feedback]).open().exists()


def _record_answers(feedback, answers, overall_comments):
    if feedback.status == Feedback.Status.SUBMITTED:
        raise ReviewError(_("You have already submitted this feedback."))
    if feedback.status == Feedback.Status.CLOSED:
        raise ReviewError(_("Feedback for this review is closed."))
    _check_collecting(feedback.review)
    if feedback.contact_id:
        # A client answers the client questions (evaluations/client_questions.py), by code.
        expected = {q.code for q in feedback.questions()}
        if set(answers) != expected:
            raise ReviewError(_("Answer every question (choose “not observed” where you cannot judge)."))
        rows = [
            FeedbackAnswer(feedback=feedback, question=code, rating=rating, comment=comment)
            for code, (rating, comment) in answers.items()
        ]
    else:
        competency_ids = set(
            Competency.objects.filter(framework_id=feedback.review.cycle.framework_id).values_list("pk", flat=True)
        )
        if set(answers) != competency_ids:
            raise ReviewError(_("Answer every competency (choose “not observed” where you cannot judge)."))
        rows = [
            FeedbackAnswer(feedback=feedback, competency_id=cid, rating=rating, comment=comment)
            for cid, (rating, comment) in answers.items()
        ]
    FeedbackAnswer.objects.bulk_create(rows)
    feedback.overall_comments = overall_comments
    feedback.status = Feedback.Status.SUBMITTED
    feedback.submitted_at = timezone.now()
    feedback.save(update_fields=["overall_comments", "status", "submitted_at"])


def feedback_submit(*, feedback, by, answers, overall_comments):
    """Submit a staff reviewer's feedback. `answers` maps competency id → (rating or None, comment)."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().select_related("review__cycle").get(pk=feedback.pk)
        if feedback.reviewer_id != by.pk:
            raise ReviewError(_("Only the reviewer can give this feedback."))
        _record_answers(feedback, answers, overall_comments)
        # Who answered is known to the supervisor anyway; what they answered stays out of the log.
        audit.record("review.feedback_submitted", obj=feedback.review, actor=by, data={"feedback": feedback.pk})
    return feedback


def on_client_feedback_answered(*, document, decision, answers):
    """A client contact's answers by link (agency.core.decisions, inside the deciding transaction). The decision
    record keeps only that they answered; the answers are FeedbackAnswer rows under access.py's rules."""
    from agency.core import decisions

    feedback = Feedback.objects.select_related("review__cycle").get(pk=document.pk)
    try:
        _record_answers(feedback, answers["ratings"], answers["overall_comments"])
    except ReviewError as error:
        raise decisions.DecisionError(str(error)) from error
    audit.record(
        "review.feedback_submitted", obj=feedback.review, contact=decision.contact, data={"feedback": feedback.pk}
    )


def _revoke_client_links(feedback, by):
    from agency.core import decisions
    from agency.core.models import DecisionRequest

    for decision_request in DecisionRequest.objects.for_documents(feedback).open():
        decisions.revoke_request(decision_request=decision_request, by=by)


def review_share_results(*, review, by):
    """Close feedback and show the results to the reviewed person: the discussion can start."""
    from evaluations.access import may_manage

    if not may_manage(by, review):
        raise ReviewError(_("Only the supervisor or management can close feedback."))
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("reviewee", "cycle").get(pk=review.pk)
        _check_collecting(review)
        unanswered = review.feedback.filter(status=Feedback.Status.REQUESTED)
        _revoke_client_links(unanswered.filter(contact__isnull=False), by)
        closed = unanswered.update(status=Feedback.Status.CLOSED)
        review.status = Review.Status.DISCUSSION
        review.results_shared_at = timezone.now()
        review.version = F("version") + 1
        review.save(update_fields=["status", "results_shared_at", "version"])
        audit.record("review.results_shared", obj=review, actor=by, data={"unanswered_closed": closed})
        reviewee = review.reviewee
        queue_email(
            to_email=reviewee.email,
            to_name=str(reviewee),
            template="review_results_shared",
            context={"reviewee": reviewee, "cycle": review.cycle.name, "path": f"/reviews/{review.pk}/"},
            language=reviewee.language,
            related=review,
            by=by,
        )
    review.refresh_from_db()
    return review


def _locked_for_discussion(review, version):
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == Review.Status.COLLECTING:
        raise ReviewError(_("Close feedback and share the results before the discussion."))
    if review.status == Review.Status.SIGNED_OFF:
        raise ReviewError(_("This review is signed off and can no longer be changed."))
    if version is not None and int(version) != review.version:
        raise StaleReview(
            _("Someone changed this review while you were editing. Your text is kept below: check and save again.")
        )
    return review


def _changed(review, fields):
    # Whatever was signed has changed: both sign again what they now see.
    review.supervisor_signed_at = None
    review.employee_signed_at = None
    review.version += 1
    review.save(update_fields=[*fields, "supervisor_signed_at", "employee_signed_at", "version"])


def review_record_discussion(*, review, by, version, supervisor_summary, overall_rating, meeting_on, meeting_notes):
    """The supervisor's summary and overall rating, and the record of the discussion meeting."""
    from evaluations.access import may_manage

    if not may_manage(by, review) or by.pk == review.reviewee_id:
        raise ReviewError(_("Only the supervisor writes the summary."))
    with transaction.atomic():
        review = _locked_for_discussion(review, version)
        review.supervisor_summary = supervisor_summary
        review.overall_rating = overall_rating
        review.meeting_on = meeting_on
        review.meeting_notes = meeting_notes
        _changed(review, ["supervisor_summary", "overall_rating", "meeting_on", "meeting_notes"])
        audit.record("review.discussion_recorded", obj=review, actor=by)
    return review


def review_employee_comment(*, review, by, version, employee_comments):
    """The reviewed person adds their own view (docs/practice.md, "The reviewed person has a say")."""
    if by.pk != review.reviewee_id:
        raise ReviewError(_("Only the reviewed person writes their own comments."))
    with transaction.atomic():
        review = _locked_for_discussion(review, version)
        review.employee_comments = employee_comments
        _changed(review, ["employee_comments"])
        audit.record("review.employee_commented", obj=review, actor=by)
    return review


def review_sign(*, review, by):
    """Sign the review; once the supervisor and the reviewed person have both signed, it is read-only."""
    with transaction.atomic():
        review = _locked_for_discussion(review, None)
        if by.pk == review.reviewee_id:
            field = "employee_signed_at"
        elif by.pk == review.supervisor_id or (review.supervisor_id is None and by.is_management):
            field = "supervisor_signed_at"
        else:
            raise ReviewError(_("Only the supervisor and the reviewed person sign the review."))
        if not (review.supervisor_summary.strip() and review.overall_rating and review.meeting_on):
            raise ReviewError(
                _("The supervisor's summary, the overall rating and the discussion meeting come before sign-off.")
            )
        if getattr(review, field):
            return review
        setattr(review, field, timezone.now())
        fields = [field, "version"]
        review.version += 1
        if review.supervisor_signed_at and review.employee_signed_at:
            review.status = Review.Status.SIGNED_OFF
            fields.append("status")
        review.save(update_fields=fields)
        audit.record("review.signed", obj=review, actor=by, data={"as": field.removesuffix("_signed_at")})
        if review.status == Review.Status.SIGNED_OFF:
            audit.record("review.signed_off", obj=review, actor=by)
    return review

"""360° performance reviews of account people. Rules (docs/practice.md): "Reviews from all sides",
"Judged by the standard of one's title".

A competency framework is versioned: a version a cycle has started with is
never edited again (editing makes a new version), so every review keeps the
questions and expectations its reviewers answered.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agency.core.models import ACCOUNT_TITLES, Title

ACCOUNT_TITLE_CHOICES = [(t.value, t.label) for t in ACCOUNT_TITLES]


class Rating(models.IntegerChoices):
    WELL_BELOW = 1, _("1 · Well below expectations")
    BELOW = 2, _("2 · Below expectations")
    MEETS = 3, _("3 · Meets expectations")
    EXCEEDS = 4, _("4 · Exceeds expectations")
    OUTSTANDING = 5, _("5 · Outstanding")


class Relationship(models.TextChoices):
    """Where a reviewer stands towards the reviewed person: results are grouped by it."""

    SUPERVISOR = "supervisor", _("Supervisor")
    SELF = "self", _("Self")
    PEER = "peer", _("Account peers")
    CREATIVE = "creative", _("Creative partners")
    PLANNING = "planning", _("Planners")
    MEDIA = "media", _("Media and production")
    FINANCE = "finance", _("Finance")
    CLIENT = "client", _("Clients")


# Shown one by one, with the reviewer's name; every other group only as an aggregate.
NAMED_RELATIONSHIPS = (Relationship.SUPERVISOR, Relationship.SELF)


def _localized(english, chinese):
    """Chinese names for Chinese readers (the framework is written in English with Chinese names)."""
    if chinese and (translation.get_language() or "").startswith("zh"):
        return chinese
    return english


class CompetencyFramework(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), unique=True)
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name} v{self.version}"


class Competency(models.Model):
    framework = models.ForeignKey(CompetencyFramework, on_delete=models.CASCADE, related_name="competencies")
    # Stable across versions, so a person's history compares like with like.
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="competency_code_once_per_framework")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return _localized(self.name, self.name_zh)


class Behaviour(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="behaviours")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return _localized(self.name, self.name_zh)


class Expectation(models.Model):
    """What a competency asks of one title: an AE is not judged by a GAD's standard.
    Rule: "Judged by the standard of one's title" (docs/practice.md)."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="expectations")
    title = models.CharField(_("title"), max_length=20, choices=ACCOUNT_TITLE_CHOICES)
    text = models.TextField(_("expectation"))

    class Meta:
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")
        constraints = [models.UniqueConstraint(fields=["competency", "title"], name="expectation_once_per_title")]

    def __str__(self):
        return f"{self.competency} · {self.title}"


class ReviewCycle(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic")
        AD_HOC = "ad_hoc", _("Ad hoc")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERIODIC)
    framework = models.ForeignKey(
        CompetencyFramework, verbose_name=_("competency framework"), on_delete=models.PROTECT, related_name="cycles"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    feedback_deadline = models.DateField(_("feedback deadline"))
    titles = models.JSONField(_("titles in scope"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.name


class Review(models.Model):
    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting feedback")
        DISCUSSION = "discussion", _("Discussion")
        SIGNED_OFF = "signed_off", _("Signed off")

    cycle = models.ForeignKey(ReviewCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="reviews")
    reviewee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed person"), on_delete=models.PROTECT, related_name="reviews"
    )
    # The person's title when the cycle started: expectations are per title.
    title = models.CharField(_("title"), max_length=20, choices=Title.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_reviews",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.COLLECTING)
    supervisor_summary = models.TextField(_("supervisor's summary"), blank=True)
    overall_rating = models.PositiveSmallIntegerField(
        _("overall rating"), choices=Rating.choices, null=True, blank=True
    )
    meeting_on = models.DateField(_("discussion meeting on"), null=True, blank=True)
    meeting_notes = models.TextField(_("discussion notes"), blank=True)
    employee_comments = models.TextField(_("employee's own comments"), blank=True)
    supervisor_signed_at = models.DateTimeField(_("signed by the supervisor"), null=True, blank=True)
    employee_signed_at = models.DateTimeField(_("signed by the employee"), null=True, blank=True)
    results_shared_at = models.DateTimeField(_("results shared"), null=True, blank=True)
    # Refuses a save made on a page that someone else has changed since.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-cycle__period_end", "reviewee__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "reviewee"], name="review_once_per_cycle")]

    def __str__(self):
        return f"{self.reviewee} · {self.cycle}"

    @property
    def is_signed_off(self):
        return self.status == self.Status.SIGNED_OFF


class Feedback(models.Model):
    """One reviewer's feedback on one review: invited, then submitted once."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUBMITTED = "submitted", _("Submitted")
        CLOSED = "closed", _("Closed without an answer")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="feedback")
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_given",
    )
    # Client contacts answer through a client link (no account); see the report on issue 7.
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("client contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_feedback",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    overall_comments = models.TextField(_("overall comments"), blank=True)
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["relationship", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(reviewer__isnull=False) & models.Q(contact__isnull=True))
                | (models.Q(reviewer__isnull=True) & models.Q(contact__isnull=False)),
                name="feedback_from_staff_or_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(contact__isnull=True) | models.Q(relationship="client"),
                name="feedback_contact_is_client_group",
            ),
            models.UniqueConstraint(fields=["review", "reviewer"], name="feedback_once_per_reviewer"),
            models.UniqueConstraint(fields=["review", "contact"], name="feedback_once_per_contact"),
        ]

    def __str__(self):
        return f"{self.reviewer or self.contact} → {self.review}"

    @property
    def reviewer_name(self):
        return str(self.reviewer or self.contact)

    # A client contact answers by emailed link: the decision kind "review_feedback" (evaluations/decision_kinds.py).

    @property
    def client_id(self):
        return self.contact.client_id if self.contact_id else None

    @property
    def client(self):
        return self.contact.client if self.contact_id else None

    def decision_title(self):
        # Only the kind's name is in words, so each reader reads it in their language (DecisionRequest.title).
        return f"{_('360° feedback')} · {self.review.reviewee}"

    def questions(self):
        """What the client contact is asked: the client questions, not the internal competencies."""
        from evaluations.client_questions import CLIENT_QUESTIONS

        return CLIENT_QUESTIONS

    def decision_content(self):
        review = self.review
        lines = [f"360 feedback review {review.pk} on {review.reviewee} ({review.title}) cycle {review.cycle.name}"]
        for question in self.questions():
            lines.append(f"[{question.code}]")
        return "\n".join(lines) + "\n"


class FeedbackAnswer(models.Model):
    """One answer: a colleague's on a competency of the framework, a client contact's on a client question
    (evaluations/client_questions.py). Client feedback given before the client questions existed is on
    competencies and stays so."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="answers")
    competency = models.ForeignKey(Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("client question"), max_length=40, blank=True, default="", db_default="")
    # Empty means "not observed": it counts in no average.
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "competency"], name="answer_once_per_competency"),
            models.UniqueConstraint(
                fields=["feedback", "question"], condition=~models.Q(question=""), name="answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=(models.Q(competency__isnull=False) & models.Q(question=""))
                | (models.Q(competency__isnull=True) & ~models.Q(question="")),
                name="answer_on_competency_or_client_question",
            ),
        ]

    def __str__(self):
        return f"{self.feedback_id} · {self.competency_id or self.question}"

    @property
    def label(self):
        """What was asked, in the reader's language (the competency needs answers__competency loaded)."""
        from evaluations.client_questions import question_label

        return question_label(self.question) if self.question else self.competency.display_name

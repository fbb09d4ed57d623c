"""What a client is asked about a member of their account team in a 360° review.

Not the internal competency framework: a client judges what they see of the service, in the terms the
agency uses for its client service (knowledge of the client's business, quality of service, reliability —
言出必行 — and clear, timely communication). Rule: "Reviews from all sides" (docs/practice.md).

The codes are stored with each answer, so a question's wording can improve without losing the answers;
a code is never reused for a different question.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ClientQuestion:
    code: str
    label: str
    help: str

    @property
    def display_name(self):
        return self.label


CLIENT_QUESTIONS = (
    ClientQuestion(
        "responsiveness",
        _("Responsiveness"),
        _("Answers your requests and questions promptly, and tells you when something will take longer."),
    ),
    ClientQuestion(
        "business_understanding",
        _("Understanding of your business"),
        _("Knows your market, your consumers, your products and your brands."),
    ),
    ClientQuestion(
        "advice",
        _("Quality of advice"),
        _("Weighs your requests and brings well-founded, constructive recommendations."),
    ),
    ClientQuestion(
        "promises",
        _("Keeping promises"),
        _("Does what was agreed, on time and within budget: you can rely on their word."),
    ),
    ClientQuestion(
        "communication",
        _("Communication"),
        _("Clear, accurate and timely, in speaking and in writing; keeps you informed of progress."),
    ),
)

BY_CODE = {q.code: q for q in CLIENT_QUESTIONS}


def question_label(code):
    question = BY_CODE.get(code)
    return question.label if question else code

# One module per concern; import them here so Django finds every model.
from .analysis import PostAnalysis
from .campaign import CampaignEvaluation, KPIResult
from .reviews import (
    NAMED_RELATIONSHIPS,
    Behaviour,
    Competency,
    CompetencyFramework,
    Expectation,
    Feedback,
    FeedbackAnswer,
    Rating,
    Relationship,
    Review,
    ReviewCycle,
)

__all__ = [
    "NAMED_RELATIONSHIPS",
    "Behaviour",
    "CampaignEvaluation",
    "Competency",
    "CompetencyFramework",
    "Expectation",
    "Feedback",
    "FeedbackAnswer",
    "KPIResult",
    "PostAnalysis",
    "Rating",
    "Relationship",
    "Review",
    "ReviewCycle",
]

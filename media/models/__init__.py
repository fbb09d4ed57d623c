# One module per document family; import them here so Django finds every model.
from .booking import Booking, ClientNotice, MakeGood, MakeGoodProof, MonitoringReport, ProofFile
from .confirmation import MediaRecommendation, MonthlyPlan
from .plan import Channel, MediaBrief, PlanLine, PlanVersion

__all__ = [
    "Booking",
    "Channel",
    "ClientNotice",
    "MakeGood",
    "MakeGoodProof",
    "MediaBrief",
    "MediaRecommendation",
    "MonitoringReport",
    "MonthlyPlan",
    "PlanLine",
    "PlanVersion",
    "ProofFile",
]

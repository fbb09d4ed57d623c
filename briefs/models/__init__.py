# One module per document family; import them here so Django finds every model.
from .brief import BriefKPI, BriefVersion, CreativeBrief, KPIDirection
from .campaign import MILESTONE_FIELDS, WORKING_STAGES, Campaign, CampaignType, Milestone, Stage
from .checklist import DEFAULT_STEPS, DEFAULT_TIMELINE, STEP_ACTIONS, Action, ChecklistStep
from .concept import Concept, ConceptAttachment
from .documents import ClientStatus
from .estimate import ActualCost, EstimateLine, EstimateOverrun, ProductionEstimate
from .final_ad import FinalAd, FinalAdAsset
from .rollups import ClientDailyFigure, ClientFigure, DailyFigure
from .timeline import TimelineRule, timeline_for

__all__ = [
    "DEFAULT_STEPS",
    "DEFAULT_TIMELINE",
    "MILESTONE_FIELDS",
    "STEP_ACTIONS",
    "WORKING_STAGES",
    "Action",
    "ActualCost",
    "BriefKPI",
    "BriefVersion",
    "Campaign",
    "CampaignType",
    "ChecklistStep",
    "ClientStatus",
    "Concept",
    "ConceptAttachment",
    "CreativeBrief",
    "ClientDailyFigure",
    "ClientFigure",
    "DailyFigure",
    "EstimateLine",
    "EstimateOverrun",
    "FinalAd",
    "FinalAdAsset",
    "KPIDirection",
    "Milestone",
    "ProductionEstimate",
    "Stage",
    "TimelineRule",
    "timeline_for",
]

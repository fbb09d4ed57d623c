# One module per document family; import them here so Django finds every model.
from .brief import BriefKPI, BriefVersion, CreativeBrief, KPIDirection
from .campaign import WORKING_STAGES, Campaign, Stage
from .checklist import DEFAULT_STEPS, ChecklistStep
from .concept import Concept, ConceptAttachment
from .documents import ClientStatus
from .estimate import ActualCost, EstimateLine, EstimateOverrun, ProductionEstimate
from .final_ad import FinalAd, FinalAdAsset

__all__ = [
    "DEFAULT_STEPS",
    "WORKING_STAGES",
    "ActualCost",
    "BriefKPI",
    "BriefVersion",
    "Campaign",
    "ChecklistStep",
    "ClientStatus",
    "Concept",
    "ConceptAttachment",
    "CreativeBrief",
    "EstimateLine",
    "EstimateOverrun",
    "FinalAd",
    "FinalAdAsset",
    "KPIDirection",
    "ProductionEstimate",
    "Stage",
]

# One module per document family; import them here so Django finds every model.
from .brief import BriefKPI, BriefVersion, CreativeBrief
from .campaign import Campaign, Stage

__all__ = ["BriefKPI", "BriefVersion", "Campaign", "CreativeBrief", "Stage"]

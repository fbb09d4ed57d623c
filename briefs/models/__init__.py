# One module per document family; import them here so Django finds every model.
from .campaign import Campaign, Stage

__all__ = ["Campaign", "Stage"]

import datetime
from decimal import Decimal


def complete_evaluation(campaign, *, by, actual=Decimal("40"), learnings="Southern mothers respond to freshness."):
    """Through the services: the campaign's evaluation started, every KPI's actual recorded, completed.
    The campaign must be in its evaluation step with an approved brief (approve_brief_with_objectives)."""
    from evaluations.services import campaign as services

    evaluation = services.evaluation_start(campaign=campaign, by=by)
    for result in evaluation.results.all():
        services.kpi_result_record(
            result=result, actual=actual, source="research", measured_on=datetime.date(2026, 9, 30), by=by
        )
    services.evaluation_learnings_save(evaluation=evaluation, learnings=learnings, by=by)
    return services.evaluation_complete(evaluation=evaluation, by=by)

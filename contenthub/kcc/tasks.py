from celery import shared_task


@shared_task
def opruimen() -> dict[str, int]:
    """Daily: KCC search logs and handled reports past their retention (KCC_LOG_BEWAARDAGEN)."""
    from contenthub.kcc.logboek import opruimen as ruim_op

    return ruim_op()

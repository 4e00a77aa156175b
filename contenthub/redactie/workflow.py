"""What happens when the last review task approves."""


def publiceer_na_goedkeuring(workflow_state, user=None):
    """Publish the revision that was reviewed, on behalf of the reviewer.

    Not the latest revision: a draft saved while the item was in review (also by the reviewer, who
    can edit and approve in one click) was never seen by a second pair of eyes, so it stays a draft.

    Wagtail's default also checks the reviewer's *publish* permission, which would force us to give
    every gemeente editor a publish button that bypasses review. Here the approval itself is the
    authorisation: :class:`LaagReviewTaak` allowed only the item's own redactie, and never the
    submitter, to approve.
    """
    from contenthub.content.models import GemeentelijkeAanvulling
    from contenthub.redactie.generiek import markeer_beoordeeld

    revisie = workflow_state.current_task_state.revision
    revisie.publish(user=user, skip_permission_checks=True)
    # Approving an aanvulling means reviewing it next to today's generiek text (the editor shows the diff).
    if isinstance(workflow_state.content_object, GemeentelijkeAanvulling):
        markeer_beoordeeld(workflow_state.content_object, user)

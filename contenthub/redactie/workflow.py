"""What happens when the last review task approves."""


def publiceer_na_goedkeuring(workflow_state, user=None):
    """Publish the approved revision on behalf of the reviewer.

    Wagtail's default checks the reviewer's *publish* permission, which would force us to give every
    gemeente editor a publish button that bypasses review. Here the approval itself is the
    authorisation: :class:`LaagReviewTaak` already allowed only the item's own redactie, and never
    the submitter, to approve.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)

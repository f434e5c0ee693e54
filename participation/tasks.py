"""Background jobs of the residents' side (django-tasks: the database backend and
`manage.py db_worker` in production, the immediate backend in tests)."""

from django_tasks import task


@task()
def send_feedback_emails_task(dialogue_id: int) -> int:
    """E-mail the dialogue's feedback to the addresses not yet sent it."""
    from .notifications import send_feedback_emails

    return send_feedback_emails(dialogue_id)


@task()
def send_follower_emails_task(dialogue_id: int) -> int:
    """E-mail the dialogue's followers who are due: views wait for moderation."""
    from .notifications import send_follower_emails

    return send_follower_emails(dialogue_id)

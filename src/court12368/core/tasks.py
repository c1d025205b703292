"""The one place that imports the tasks framework.

Django 6 ships ``django.tasks``; on Django 5.2 the ``django-tasks`` backport provides the same API.
Moving to Django 6 means changing the import below and the TASKS backend setting, nothing else.
"""

from django.utils import timezone
from django_tasks import default_task_backend, task, task_backends

from court12368.core.metrics import gauge

__all__ = ["default_task_backend", "task", "task_backends"]


@gauge("court12368_task_queue_depth", "Tasks waiting for a worker, and running", ("status",))
def queue_depth():
    from django_tasks_db.models import DBTaskResult

    return [
        ({"status": "ready"}, DBTaskResult.objects.ready().count()),
        ({"status": "running"}, DBTaskResult.objects.running().count()),
    ]


@gauge("court12368_task_queue_oldest_seconds", "How long the oldest ready task has waited")
def oldest_waiting():
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    )
    return [({}, (timezone.now() - oldest).total_seconds() if oldest else 0.0)]

"""The one place that imports the tasks framework.

Django 6 ships ``django.tasks``; on Django 5.2 the ``django-tasks`` backport provides the same API.
Moving to Django 6 means changing the import below and the TASKS backend setting, nothing else.
"""

from django_tasks import default_task_backend, task, task_backends

__all__ = ["default_task_backend", "task", "task_backends"]

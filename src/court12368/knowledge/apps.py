from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "court12368.knowledge"
    label = "knowledge"
    verbose_name = _("Procedural knowledge")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from court12368.knowledge.models import Article
        from court12368.knowledge.search import invalidate

        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: invalidate(),
                sender=Article,
                weak=False,
                dispatch_uid=f"knowledge-index-{signal}",
            )
        from court12368.core import changes
        from court12368.knowledge.models import Article, FeeSchedule

        for model in (Article, FeeSchedule):
            changes.track(model)  # before and after of every change, in the audit log

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Qujat archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from archive.search import sync  # the index outbox listens to model changes

        sync.connect()
        from archive.ingest.storing import syndication  # copies re-clustered after a body edit or a deletion

        syndication.connect()

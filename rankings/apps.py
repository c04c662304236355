from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "rankings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_init, post_save

        from complaints.models import Complaint, complaints_updated
        from rankings import signals

        post_init.connect(signals.remember_key, sender=Complaint, dispatch_uid="rollups-init")
        post_save.connect(signals.complaint_saved, sender=Complaint, dispatch_uid="rollups-save")
        post_delete.connect(signals.complaint_deleted, sender=Complaint, dispatch_uid="rollups-delete")
        complaints_updated.connect(signals.complaints_updated, sender=Complaint, dispatch_uid="rollups-update")

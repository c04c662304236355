from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from agencies.models import DayOff, RamadanPeriod, ResponseTarget, WeeklySchedule
        from complaints.signals import calendar_row_changed

        for model in (WeeklySchedule, RamadanPeriod, DayOff, ResponseTarget):
            post_save.connect(calendar_row_changed, sender=model, dispatch_uid=f"clock-{model.__name__}-save")
            post_delete.connect(calendar_row_changed, sender=model, dispatch_uid=f"clock-{model.__name__}-delete")

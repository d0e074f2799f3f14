from django.apps import AppConfig


class StaffLoginConfig(AppConfig):
    name = "agency_site.staff_login"
    label = "staff_login"
    verbose_name = "직원 로그인 보호"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Listed after axes in INSTALLED_APPS, so these receivers run after
        # axes has counted the failure (request.axes_* are then set).
        from agency_site.staff_login import audit

        audit.connect()

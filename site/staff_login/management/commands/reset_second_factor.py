from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agency_site.staff_login import devices


class Command(BaseCommand):
    help = (
        "Removes a person's second factor (authenticator app and recovery codes), for when no "
        "other superuser can do it from the admin. Written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"'{username}' 계정이 없습니다.")
        if devices.reset(user, by=None):
            self.stdout.write(self.style.SUCCESS(
                f"{username}의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록하게 됩니다."))
        else:
            self.stdout.write(f"{username}에게는 등록된 2단계 인증이 없습니다.")

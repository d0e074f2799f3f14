import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

EDITORS_GROUP = "Editors"  # created by Wagtail's own migrations


class Command(BaseCommand):
    help = (
        "Creates an account that can log in to the Wagtail admin (/admin/) and edit pages. "
        "Prints a new random password once; nothing is stored in the project."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--superuser", action="store_true",
            help="Full rights, including users, settings and groups.",
        )
        parser.add_argument(
            "--reset-password", action="store_true",
            help="The account exists: give it a new random password.",
        )

    def handle(self, username, email, superuser, reset_password, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not reset_password:
            raise CommandError(
                f"'{username}' 계정이 이미 있습니다. 새 비밀번호가 필요하면 "
                f"--reset-password 를 붙여 다시 실행하세요."
            )
        if user is None:
            user = User(username=username, email=email)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active = True
        if superuser:
            user.is_staff = user.is_superuser = True
        user.save()
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None and not user.is_superuser:
            raise CommandError(f"'{EDITORS_GROUP}' 그룹이 없습니다. 먼저 migrate 를 실행하세요.")
        if group is not None:
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS("관리자 화면에 로그인할 수 있는 계정을 만들었습니다."))
        self.stdout.write(f"  아이디:   {username}")
        self.stdout.write(f"  비밀번호: {password}")
        self.stdout.write("  이 비밀번호는 지금 한 번만 보입니다. 로그인한 뒤 바꾸세요.")
        if user.is_superuser:
            # Superusers must use a second factor (agency_site.staff_login).
            self.stdout.write(
                "  처음 로그인하면 2단계 인증 등록 화면이 나옵니다. 휴대전화에 인증 앱"
                "(Google Authenticator 등)을 준비해 주세요."
            )

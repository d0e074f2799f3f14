import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

# Both groups come from Wagtail's own migrations (README, "Editors and
# Moderators"). Editors may add and edit pages and submit them for approval;
# Moderators may also publish, unlock, and approve what editors submit (the
# "Moderators approval" workflow is theirs).
EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"

ROLES = {
    # `make editor`: an account that publishes. Also in Editors, so that taking
    # Moderators away later leaves an ordinary editor.
    "publisher": (EDITORS_GROUP, MODERATORS_GROUP),
    # --editor-only: writes and submits for approval; someone else publishes.
    "editor": (EDITORS_GROUP,),
}


class Command(BaseCommand):
    help = (
        "Creates an account that can log in to the Wagtail admin (/admin/) and edit and publish "
        "pages (--editor-only: edit and submit for approval, not publish). Prints a new random "
        "password once; nothing is stored in the project. Run again for an existing account, it "
        "only sets the groups again (the password stays unless --reset-password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--editor-only", action="store_true",
            help="Editors group only: may edit pages and submit them for approval, not publish.",
        )
        parser.add_argument(
            "--superuser", action="store_true",
            help="Full rights, including users, settings and groups.",
        )
        parser.add_argument(
            "--reset-password", action="store_true",
            help="The account exists: give it a new random password.",
        )

    def handle(self, username, email, editor_only, superuser, reset_password, **options):
        role = "editor" if editor_only else "publisher"
        groups = self.groups_for(role)
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=email)
        password = None
        if created or reset_password:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.is_active = True
        if superuser:
            user.is_staff = user.is_superuser = True
        user.save()
        # Exactly the role's groups among these two, so running the command
        # again (or with --editor-only) leaves the account as asked.
        user.groups.remove(*Group.objects.filter(name__in=[EDITORS_GROUP, MODERATORS_GROUP])
                           .exclude(pk__in=[group.pk for group in groups]))
        user.groups.add(*groups)
        self.report(user, created, password, role)

    def groups_for(self, role):
        names = ROLES[role]
        groups = list(Group.objects.filter(name__in=names))
        missing = set(names) - {group.name for group in groups}
        if missing:
            raise CommandError(
                f"'{', '.join(sorted(missing))}' 그룹이 없습니다. 먼저 migrate 를 실행하세요."
            )
        return groups

    def report(self, user, created, password, role):
        if created:
            self.stdout.write(self.style.SUCCESS("관리자 화면에 로그인할 수 있는 계정을 만들었습니다."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"'{user.username}' 계정이 이미 있어 권한만 다시 맞췄습니다.")
            )
        self.stdout.write(f"  아이디:   {user.username}")
        if password:
            self.stdout.write(f"  비밀번호: {password}")
            self.stdout.write("  이 비밀번호는 지금 한 번만 보입니다. 로그인한 뒤 바꾸세요.")
        else:
            self.stdout.write(
                "  비밀번호는 그대로입니다. 새 비밀번호가 필요하면 --reset-password 를 붙이세요."
            )
        if user.is_superuser:
            self.stdout.write("  권한: 전체 관리자 (사용자, 그룹, 설정까지)")
        elif role == "editor":
            self.stdout.write("  권한: 페이지 작성·수정, 검토 요청 (게시는 Moderators 그룹이 합니다)")
        else:
            self.stdout.write("  권한: 페이지 작성·수정·게시, 다른 편집자의 검토 요청 승인")
        if user.is_superuser:
            # Superusers must use a second factor (agency_site.staff_login).
            self.stdout.write(
                "  처음 로그인하면 2단계 인증 등록 화면이 나옵니다. 휴대전화에 인증 앱"
                "(Google Authenticator 등)을 준비해 주세요."
            )

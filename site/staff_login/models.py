from django.db import models


class LoginIdentifier(models.Model):
    """Something a login failure or an unlock is filed under in Wagtail's
    audit log when it is not an account: a username that belongs to no one
    (an attacker guessing names), or a client address that was unlocked.
    Failures for existing accounts are filed under the account itself."""

    class Kind(models.TextChoices):
        USERNAME = "username", "사용자 이름"
        ADDRESS = "ip_address", "접속 주소"

    kind = models.CharField("종류", max_length=20, choices=Kind.choices)
    value = models.CharField("값", max_length=255)
    first_seen = models.DateTimeField("처음 기록", auto_now_add=True)

    class Meta:
        verbose_name = "로그인 식별 정보"
        verbose_name_plural = "로그인 식별 정보"
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="staff_login_identifier_unique"),
        ]

    def __str__(self):
        if self.kind == self.Kind.USERNAME:
            return f"없는 사용자 이름 '{self.value}'"
        return f"접속 주소 {self.value}"

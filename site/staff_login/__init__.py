"""Staff login protection: lockout after repeated failures (django-axes) and
a second factor (TOTP with recovery codes, django-otp) in the Wagtail admin.

- `policy`: who must use a second factor (superusers and queue workers).
- `lockout`: the lockout message, axes' lockout response, who is locked.
- `audit`: the audit-log actions and the receivers that write them.
- `devices`: enrolment, recovery codes, checking a code, resetting.
- `middleware`: until verified, admin pages send people to verify or enrol.
- `views`, `admin_views`: the pages; `wagtail_hooks`: their URLs and menus.
"""

"""Staff accounts for tests of the admin screens: members of a team (an auth
group that works queues) who may open the Wagtail admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client


def make_staff(username, *teams, superuser=False, first_name=""):
    users = get_user_model().objects
    if superuser:
        user = users.create_superuser(username, f"{username}@example.com", "x" * 16)
    else:
        user = users.create_user(username, password="x" * 16, first_name=first_name)
        user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                         codename="access_admin"))
    for team in teams:
        user.groups.add(Group.objects.get(name=team))
    return user


def login(user):
    client = Client()
    client.force_login(user)
    return client

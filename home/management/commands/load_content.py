from django.core.management.base import BaseCommand

from home import seed


class Command(BaseCommand):
    help = (
        "Builds the site's content from the agency's documents (the apps' seed/*.toml files). "
        "Safe to run again: existing pages are kept as editors left them and nothing is duplicated."
    )

    def handle(self, *args, **options):
        report = seed.load()
        if report.created:
            self.stdout.write(self.style.SUCCESS("만든 페이지: " + ", ".join(report.created)))
        if report.kept:
            self.stdout.write("이미 있어 그대로 둔 페이지: " + ", ".join(report.kept))

from django.core.management.base import BaseCommand

from liandong.core import demo


class Command(BaseCommand):
    help = "Load the 泉州市鲤城区 demo (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        for loader in demo.loaders():
            loader.load(self.stdout.write)

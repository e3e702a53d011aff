import json

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token

from notes.models import Membership, Note


class Command(BaseCommand):
    help = "Creates the fixture users (alice, bob, admin), their notes and memberships; prints their API tokens as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True)

    def handle(self, *args, **options):
        password = options["password"]
        tokens = {}
        for name, staff in (("alice", False), ("bob", False), ("admin", True)):
            user = User.objects.create_user(name, f"{name}@example.test", password, is_staff=staff)
            tokens[name] = Token.objects.create(user=user).key
            if not staff:
                for n in range(2):
                    Note.objects.create(owner=user, title=f"{name}'s note {n}", body=f"private text of {name} #{n}")
                Membership.objects.create(user=user, team=f"{name}-team")
        self.stdout.write(json.dumps(tokens))

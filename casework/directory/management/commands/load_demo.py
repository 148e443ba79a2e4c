"""``manage.py load_demo``: the Stockholm demo data, safe to run again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from casework import demo

LABELS = {
    "organisations": ("organisation", "organisationer"),
    "organisation_rules": ("ändrat reglemente", "ändrade reglementen"),
    "parties": ("parti", "partier"),
    "party_designations": ("partibeteckning", "partibeteckningar"),
    "people": ("person", "personer"),
    "users": ("användare", "användare"),
    "staff_roles": ("tjänsteroll", "tjänsteroller"),
    "groups": ("behörighetsgrupp", "behörighetsgrupper"),
    "admitted_to_administration": (
        "användare med behörighet i administrationen",
        "användare med behörighet i administrationen",
    ),
    "accounts_linked": (
        "konto kopplat till sin person",
        "konton kopplade till sina personer",
    ),
    "assignments": ("uppdrag", "uppdrag"),
    "assignments_ended": ("avslutat uppdrag", "avslutade uppdrag"),
    "registers": ("diarium", "diarier"),
    "cases": ("ärende", "ärenden"),
    "case_links": ("ärendekoppling", "ärendekopplingar"),
    "documents": ("handling", "handlingar"),
    "confidentiality_markings": ("sekretessmarkering", "sekretessmarkeringar"),
    "memoranda": ("promemoria", "promemorior"),
    "proposals": ("beslutsförslag", "beslutsförslag"),
    "meetings": ("sammanträde", "sammanträden"),
    "agenda_items": ("ärende på dagordningen", "ärenden på dagordningen"),
    "statements": ("reservation eller uttalande", "reservationer och uttalanden"),
    "minutes": ("protokoll", "protokoll"),
    "notices": ("anslag", "anslag"),
    "referrals": ("remiss", "remisser"),
    "recipient_progress": ("steg hos en remissinstans", "steg hos remissinstanser"),
    "extensions": ("anståndsbegäran", "anståndsbegäranden"),
}


class Command(BaseCommand):
    help = (
        "Läser in Stockholms stads referens- och demodata genom tjänsterna. "
        "Det som redan finns lämnas orört."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="Lösenord för nya demoanvändare (standard: settings.DEMO_PASSWORD).",
        )
        parser.add_argument(
            "--data",
            type=Path,
            default=demo.DATA_FILE,
            help="Datafil i TOML (standard: fixtures/stockholm.toml).",
        )

    def handle(self, *args, password=None, data=None, **options):
        password = password or settings.DEMO_PASSWORD
        result = demo.load(password=password, data_file=data or demo.DATA_FILE)
        self.stdout.write(self.summary(result))
        if result.users:
            self.stdout.write(self.passwords(result, password))
            self.stdout.write(self.user_list(result.users))

    def summary(self, result: demo.Result) -> str:
        if not result.anything_created:
            return "Demodata fanns redan; inget nytt skapades."
        counts = ", ".join(
            f"{count} {singular if count == 1 else plural}"
            for key, (singular, plural) in LABELS.items()
            if (count := result.created[key])
        )
        return self.style.SUCCESS(f"Demodata inläst. Skapat: {counts}.")

    def user_list(self, users: list[demo.DemoUser]) -> str:
        width = max(len(user.username) for user in users)
        lines = [f"  {user.username:<{width}}  {user.description}" for user in users]
        return "\n".join(["Demoanvändare:", *lines])

    def passwords(self, result: demo.Result, password: str) -> str:
        if result.created["users"]:
            return f"Lösenord för alla demoanvändare: {password}"
        return (
            "Demoanvändarna fanns redan och har kvar sina lösenord "
            f"(skapade utan --password: {settings.DEMO_PASSWORD})."
        )

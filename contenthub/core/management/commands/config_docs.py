from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contenthub.conf.env import render_markdown_docs

DOEL = Path(settings.PROJECT_DIR) / "docs" / "configuration.md"


class Command(BaseCommand):
    help = "Schrijft docs/configuration.md uit de instellingen in contenthub/conf/env.py (of controleert die met --check)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Alleen controleren; faalt als het bestand verouderd is.")

    def handle(self, *args, check: bool, **options):
        inhoud = render_markdown_docs()
        if check:
            if not DOEL.exists() or DOEL.read_text(encoding="utf-8") != inhoud:
                raise CommandError("docs/configuration.md is verouderd; draai 'contenthub config_docs'.")
            self.stdout.write("docs/configuration.md is actueel.")
            return
        DOEL.write_text(inhoud, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{DOEL} geschreven."))

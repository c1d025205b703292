from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from court12368.knowledge import substantive, training


class Command(BaseCommand):
    help = (
        "Train the substantive-question detector: consultation questions (people asking for a legal "
        "opinion) against procedural questions; the threshold is chosen on a fixed development split"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--substantive",
            nargs="+",
            required=True,
            type=Path,
            help="corpus files of consultation questions (JSON, JSON lines or CSV; see docs/classifier.md)",
        )
        parser.add_argument(
            "--procedural",
            nargs="+",
            type=Path,
            default=training.WRITTEN_PROCEDURAL,
            help="procedural question files (default: the sets written for this project)",
        )
        parser.add_argument(
            "--reviewed",
            type=Path,
            default=training.REVIEWED,
            help="digests of consultation questions reviewed as procedural (one SHA-256 a line)",
        )
        parser.add_argument("--out", type=Path, default=substantive.MODEL, help="where to write the weights")

    def handle(self, *args, **options):
        try:
            corpus = training.gather(
                options["substantive"], options["procedural"], training.read_reviewed(options["reviewed"])
            )
            detector, about = training.train(corpus)
        except training.CorpusError as error:
            raise CommandError(f"训练数据有误 / bad corpus: {error}") from error
        training.write(detector, options["out"])
        rates = about["development_rates"]
        self.stdout.write(
            f"substantive {about['substantive']}, procedural {about['procedural']} "
            f"({about['reviewed_as_procedural']} consultation questions reviewed as procedural)\n"
            f"features {about['features']}, threshold {about['threshold']:.2f} chosen on "
            f"{about['development']} development questions: substantive recognised "
            f"{rates['substantive_recognised']:.3f}, procedural kept {rates['procedural_kept']:.3f}\n"
            f"written to {options['out']}"
        )

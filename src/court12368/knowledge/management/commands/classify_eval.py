from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from court12368.knowledge import classifier, evaluation, training


class Command(BaseCommand):
    help = (
        "Accuracy of the request classifier on its training set's held-out fifth and, with --heldout, of "
        "the substantive-question detector, the request types and the knowledge answers on separately "
        "written sets"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--heldout", type=Path, help="a folder of held-out sets (tests/knowledge/heldout)"
        )
        parser.add_argument(
            "--consultations",
            nargs="*",
            type=Path,
            default=[],
            help="corpora of real public consultation questions, every one substantive (JSON, JSONL, CSV)",
        )

    def handle(self, *args, **options):
        report = classifier.evaluate(classifier.load_rows())
        self.stdout.write(f"train {report['train']}, held out {report['test']}")
        self.stdout.write(f"type accuracy      {report['type_accuracy']:.3f}")
        self.stdout.write(f"type+sub-kind      {report['label_accuracy']:.3f}")
        labels = sorted({t for t, _ in report["confusion"]} | {g for _, g in report["confusion"]})
        self.stdout.write("\nconfusion (rows: truth, columns: guess; only non-zero cells)")
        for truth in labels:
            cells = {g: n for (t, g), n in report["confusion"].items() if t == truth}
            row = ", ".join(f"{g}={n}" for g, n in sorted(cells.items()))
            self.stdout.write(f"  {truth:<36} {row}")
        if not options["heldout"] and not options["consultations"]:
            return
        try:
            corpora = [[q for q, _ in training.questions_in(p)] for p in options["consultations"]]
        except training.CorpusError as error:
            raise CommandError(f"bad corpus: {error}") from error
        held = evaluation.report(options["heldout"] or Path("/nonexistent"), corpora)
        self.stdout.write("\nheld out")
        for part, figures in held.items():
            for name, value in figures.items():
                if name != "confusion":
                    shown = f"{value:.3f}" if isinstance(value, float) else value
                    self.stdout.write(f"  {part:<16} {name:<36} {shown}")

from django.core.management.base import BaseCommand

from court12368.knowledge import classifier


class Command(BaseCommand):
    help = (
        "Train on the fixed training part of the labelled requests and report accuracy on the held-out part"
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

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand

from complaints import classify, labelled


class Command(BaseCommand):
    help = (
        "Fit the message classifier on the training two thirds of tests/data/intake_labelled.csv "
        "(rows whose id is not a multiple of 3) and the training-only rows of "
        "tests/data/intake_extra_training.csv, and write complaints/data/classifier.json. "
        "--evaluate prints the accuracy on the held-out third without writing anything."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--evaluate", action="store_true")
        parser.add_argument("--folds", type=int, default=5,
                            help="Cross-validation folds within the training rows of the labelled set "
                                 "(tuning); the extra rows are always on the training side.")

    def handle(self, *args: object, **options: object) -> None:
        train = labelled.training()
        extra = labelled.extra_training()
        test = labelled.held_out()
        folds = int(options["folds"])
        cv_hits = 0
        for k in range(folds):
            fold_train = [(e.text, e.category) for i, e in enumerate(train) if i % folds != k]
            fold_train += [(e.text, e.category) for e in extra]
            fold_model = classify.Model(classify.train(fold_train))
            cv_hits += sum(fold_model.predict(e.text) == e.category
                           for i, e in enumerate(train) if i % folds == k)
        self.stdout.write(f"cross-validation on the training rows ({folds} folds): {cv_hits / len(train):.3f}")
        data = classify.train((e.text, e.category) for e in train + extra)
        model = classify.Model(data)
        train_hits = sum(model.predict(e.text) == e.category for e in train)
        hits = sum(model.predict(e.text) == e.category for e in test)
        confusion = Counter((e.category, model.predict(e.text)) for e in test)
        self.stdout.write(f"training rows {len(train)} (+ {len(extra)} extra), "
                          f"accuracy on the labelled training rows {train_hits / len(train):.3f}")
        self.stdout.write(f"held-out rows {len(test)}, accuracy {hits / len(test):.3f}")
        for (truth, guess), n in sorted(confusion.items()):
            if truth != guess:
                self.stdout.write(f"  {truth} -> {guess}: {n}")
        if not options["evaluate"]:
            classify.MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
            classify.MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True))
            self.stdout.write(f"written {classify.MODEL_PATH}")

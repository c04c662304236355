"""The kind of a citizen's message: complaint, question, praise or other (spam, greetings,
chatter). Only complaints and questions enter the response clock.

A small multinomial naive Bayes over the normalised words, word pairs and a few cues (a
question mark, a question word at the start, thanking, promotion, angry or happy emoji).
`manage.py train_classifier` fits it on the training two thirds of the labelled set in
tests/data/ and writes complaints/data/classifier.json, where every weight can be read."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from complaints.text import normalize

MODEL_PATH = Path(__file__).resolve().parent / "data" / "classifier.json"
CATEGORIES = ("complaint", "question", "praise", "other")

_QUESTION_WORDS = {
    "apa", "apakah", "kapan", "bagaimana", "gimana", "dimana", "mana", "berapa", "siapa",
    "kenapa", "mengapa", "bisakah", "boleh", "bolehkah", "adakah", "syarat", "cara", "info",
    "informasi", "mau", "tanya", "nanya", "numpang",
}
_THANKS = {"terimakasih", "makasih", "mantap", "keren", "salut", "apresiasi", "hebat", "bagus",
           "alhamdulillah", "sukses", "luar", "cepat", "sigap", "top", "semangat"}
_PROMO = {"jual", "promo", "diskon", "order", "followers", "dm", "wa", "hubungi", "gratis",
          "slot", "giveaway", "klik", "link", "bio", "ready", "murah"}
_NEGATIVE_EMOJI = set("😡🤬😤😠🙃😒😩😭😢💢👎🤦")
_POSITIVE_EMOJI = set("🙏👍❤😊🥰👏💪✨🔥😍🤩💯")


def features(text: str) -> list[str]:
    words = normalize(text).split()
    tokens = list(words)
    tokens += [f"{a}_{b}" for a, b in pairwise(words)]
    raw = text or ""
    if "?" in raw:
        tokens.append("__qmark__")
    if words and words[0] in _QUESTION_WORDS:
        tokens.append("__qstart__")
    if any(w in _QUESTION_WORDS for w in words[:4]):
        tokens.append("__qnear__")
    if any(w in _THANKS for w in words):
        tokens.append("__thanks__")
    if sum(w in _PROMO for w in words) >= 2:
        tokens.append("__promo__")
    if re.search(r"https?://|www\.", raw):
        tokens.append("__url__")
    if any(c in _NEGATIVE_EMOJI for c in raw):
        tokens.append("__emoji_neg__")
    if any(c in _POSITIVE_EMOJI for c in raw):
        tokens.append("__emoji_pos__")
    if len(words) <= 3:
        tokens.append("__short__")
    if "!" in raw:
        tokens.append("__bang__")
    return tokens


def train(examples: Iterable[tuple[str, str]], *, alpha: float = 0.5) -> dict:
    """Fit the model on (text, category) pairs; returns it as a JSON-ready dict."""
    docs: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    for text, category in examples:
        docs[category] += 1
        counts[category].update(set(features(text)))
    vocabulary = sorted(set().union(*counts.values()))
    return {
        "kind": "naive-bayes, multinomial over distinct tokens",
        "alpha": alpha,
        "classes": list(CATEGORIES),
        "documents": {c: docs[c] for c in CATEGORIES},
        "vocabulary": {t: [counts[c][t] for c in CATEGORIES] for t in vocabulary},
    }


class Model:
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        alpha = float(data["alpha"])
        docs = data["documents"]
        total = sum(docs.values())
        self.log_prior = {c: math.log((docs[c] + 1) / (total + len(self.classes))) for c in self.classes}
        # Multinomial over distinct tokens per document (binary counts), Laplace-smoothed.
        token_total = {c: 0 for c in self.classes}
        for row in data["vocabulary"].values():
            for i, c in enumerate(self.classes):
                token_total[c] += row[i]
        size = len(data["vocabulary"])
        self.log_unknown = {c: math.log(alpha / (token_total[c] + alpha * size)) for c in self.classes}
        self.log_likelihood = {
            token: {c: math.log((row[i] + alpha) / (token_total[c] + alpha * size))
                    for i, c in enumerate(self.classes)}
            for token, row in data["vocabulary"].items()
        }

    def scores(self, text: str) -> dict[str, float]:
        scores = dict(self.log_prior)
        for token in set(features(text)):
            weights = self.log_likelihood.get(token)
            if weights is None:
                continue
            for c in self.classes:
                scores[c] += weights[c]
        return scores

    def predict(self, text: str) -> str:
        if not normalize(text):
            return "other"
        scores = self.scores(text)
        return max(self.classes, key=lambda c: scores[c])


@lru_cache(maxsize=1)
def model() -> Model:
    return Model(json.loads(MODEL_PATH.read_text()))


def classify(text: str) -> str:
    return model().predict(text)

"""The kind of a citizen's message: complaint, question, praise or other (spam, greetings,
chatter). Only complaints and questions enter the response clock.

A small linear model — multinomial logistic regression — over the normalised words, word
pairs and a few cues (a question mark, a question word near the start, thanking, promotion,
angry or happy emoji, complaint words). `manage.py train_classifier` fits it on the training
two thirds of the labelled set in tests/data/ and writes complaints/data/classifier.json,
where every weight can be read: a message's score for a category is the bias plus the
weights of its tokens, and the highest score wins."""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from complaints.text import SERVICE_WORDS, mentions_in, normalize

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
_COMPLAINT_WORDS = {
    "belum", "rusak", "mati", "tolong", "mohon", "lapor", "parah", "bau", "macet", "tidak",
    "banjir", "lubang", "mampet", "numpuk", "gelap", "bocor", "kecewa", "lambat", "lama", "kapan",
    "segera", "dibiarkan", "padam", "keruh", "pungli", "liar", "bahaya",
}
_PERSONAL = {"saya", "kami", "rumah", "aku", "anak"}
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
    if any(w in _QUESTION_WORDS for w in words):
        tokens.append("__qany__")
    if any(w in SERVICE_WORDS for w in words):
        tokens.append("__service__")
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
    complaint_words = sum(w in _COMPLAINT_WORDS for w in words)
    if complaint_words >= 1:
        tokens.append("__complaint_word__")
    if complaint_words >= 2:
        tokens.append("__complaint_words__")
    if len(words) <= 3:
        tokens.append("__short__")
    if len(words) >= 12:
        tokens.append("__long__")
    if mentions_in(raw):
        tokens.append("__at__")
    if "#" in raw:
        tokens.append("__hashtag__")
    if re.search(r"\d", raw):
        tokens.append("__digit__")
    if any(w in _PERSONAL for w in words):
        tokens.append("__personal__")
    if "!" in raw:
        tokens.append("__bang__")
    return tokens


def train(
    examples: Iterable[tuple[str, str]], *, epochs: int = 20, rate: float = 0.1, l2: float = 1e-3,
    seed: int = 7,
) -> dict:
    """Fit the model on (text, category) pairs by AdaGrad with L2; deterministic for a seed.
    Returns it as a JSON-ready dict."""
    data = [(sorted(set(features(text))), category) for text, category in examples]
    weights: dict[str, dict[str, float]] = {c: {} for c in CATEGORIES}
    squares: dict[str, dict[str, float]] = {c: {} for c in CATEGORIES}
    bias = dict.fromkeys(CATEGORIES, 0.0)
    rng = random.Random(seed)  # noqa: S311 - a reproducible shuffle, not a secret
    for _epoch in range(epochs):
        rng.shuffle(data)
        for tokens, truth in data:
            probabilities = _softmax({c: bias[c] + sum(weights[c].get(t, 0.0) for t in tokens)
                                      for c in CATEGORIES})
            for c in CATEGORIES:
                gradient = probabilities[c] - (1.0 if c == truth else 0.0)
                bias[c] -= rate * 0.1 * gradient
                for token in tokens:
                    w = weights[c].get(token, 0.0)
                    g = gradient + l2 * w
                    squares[c][token] = squares[c].get(token, 0.0) + g * g
                    weights[c][token] = w - rate * g / math.sqrt(squares[c][token] + 1e-8)
    vocabulary = sorted({t for c in CATEGORIES for t in weights[c]})
    return {
        "kind": "multinomial logistic regression (AdaGrad, L2)",
        "settings": {"epochs": epochs, "rate": rate, "l2": l2, "seed": seed},
        "classes": list(CATEGORIES),
        "bias": {c: round(bias[c], 5) for c in CATEGORIES},
        "weights": {t: [round(weights[c].get(t, 0.0), 5) for c in CATEGORIES] for t in vocabulary},
    }


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {c: math.exp(v - top) for c, v in scores.items()}
    total = sum(exps.values())
    return {c: v / total for c, v in exps.items()}


class Model:
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        self.bias: dict[str, float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]

    def scores(self, text: str) -> dict[str, float]:
        scores = dict(self.bias)
        for token in set(features(text)):
            row = self.weights.get(token)
            if row is not None:
                for i, c in enumerate(self.classes):
                    scores[c] += row[i]
        return scores

    def predict(self, text: str) -> str:
        if not normalize(text) and not re.search(r"\w", text or ""):
            return "other"
        scores = self.scores(text)
        return max(self.classes, key=lambda c: scores[c])


@lru_cache(maxsize=1)
def model() -> Model:
    return Model(json.loads(MODEL_PATH.read_text()))


def classify(text: str) -> str:
    return model().predict(text)

"""A learned second opinion on coercion: a hashed-feature logistic model.

Lexicons and sentence structure miss threats worded in ways nobody wrote down; a linear
model over character n-grams of words and over word pairs scores the wording itself.
It is trained offline by ``tools/train_coercion_scorer.py``; here only its weights are
read, so scoring needs nothing beyond the standard library.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import re
import zlib
from array import array
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from guardrail.normalize import fold, strip_accents

BITS = 18
_WORD = re.compile(r"\w+(?:'\w+)*")
_NGRAMS = (3, 4, 5)
# CRC-32 states after each feature's kind prefix (n-gram, word, word pair).
_CRC_C, _CRC_W, _CRC_B = zlib.crc32(b"c"), zlib.crc32(b"w"), zlib.crc32(b"b")


def normalise(text: str) -> str:
    """The view the model reads: folded (case, look-alikes, leetspeak) and accent-free."""
    return strip_accents(fold(text))


def word_features(word: str) -> list[str]:
    """The character 3–5-grams of a word padded with spaces, and the word itself."""
    padded = f" {word} "
    grams = ["c" + padded[i : i + n] for n in _NGRAMS for i in range(len(padded) - n + 1)]
    grams.append("w" + word)
    return grams


def features(text: str) -> list[str]:
    """Every feature of a normalised text: each word's features, then word pairs."""
    words = _WORD.findall(text)
    out = [f for w in words for f in word_features(w)]
    out.extend(f"b{a} {b}" for a, b in itertools.pairwise(words))
    return out


def bucket(feature: str, mask: int) -> int:
    """A feature's hashed index; CRC-32 is stable across processes, unlike ``hash``."""
    return zlib.crc32(feature.encode()) & mask


class CoercionScorer:
    """Scores a normalised text; a margin at or above `threshold` reads as coercive."""

    def __init__(
        self, weights: Mapping[int, float], bias: float, threshold: float, bits: int = BITS
    ) -> None:
        self.threshold = threshold
        # A dense table, not a dict: each lookup is one read from 2 MB instead of a walk
        # through a hash table and a float object scattered over several; missing is 0.0.
        self._table = array("d", bytes(8 << bits))
        for index, weight in weights.items():
            if 0 <= index < len(self._table):  # others are never looked up
                self._table[index] = weight
        self._bias = bias
        self._mask = (1 << bits) - 1
        # A word's n-grams always sum the same: texts share most words, so cache them.
        self._word = lru_cache(maxsize=1 << 15)(self._word_sum)
        # The whole answer and each of its texts are scored; resent answers score again.
        self._margin = lru_cache(maxsize=1024)(self._margin_uncached)

    @classmethod
    def from_json(cls, raw: str) -> CoercionScorer:
        data = json.loads(raw)
        weights = dict(zip(data["index"], data["weight"], strict=True))
        return cls(weights, float(data["bias"]), float(data["threshold"]), int(data["bits"]))

    def _word_sum(self, word: str) -> tuple[float, int, bytes, int]:
        """A word's n-gram weight sum and count, its UTF-8 bytes, and the CRC-32 state of
        ``b"b" + word + b" "``: a word pair's hash continues from the first word's state.
        """
        get, crc = self._table.__getitem__, zlib.crc32
        masks = itertools.repeat(self._mask)
        raw = word.encode()
        padded = f" {word} "
        if padded.isascii():
            # CRC-32 runs on: hashing a byte slice from the state of ``b"c"`` is hashing
            # the feature ``"c" + gram``, without building its string.
            data = padded.encode()
            grams = [data[i : i + n] for n in _NGRAMS for i in range(len(data) - n + 1)]
            hashes = [*map(crc, grams, itertools.repeat(_CRC_C)), crc(raw, _CRC_W)]
        else:
            hashes = [crc(g.encode()) for g in word_features(word)]
        weights = list(map(get, map(operator.and_, hashes, masks)))
        return sum(weights), len(weights), raw, crc(b" ", crc(raw, _CRC_B))

    def margin(self, text: str) -> float:
        """The model's log-odds that a normalised ``text`` is coercive."""
        return self._margin(text)

    def _margin_uncached(self, text: str) -> float:
        words = _WORD.findall(text)
        if not words:
            return self._bias
        total, count = 0.0, len(words) - 1
        entries = [self._word(w) for w in words]
        for s, n, _, _ in entries:
            total += s
            count += n
        # Word pairs hashed and looked up in one C-level pass, then added in order.
        raws = [e[2] for e in entries[1:]]
        lefts = [e[3] for e in entries[:-1]]
        hashes = map(zlib.crc32, raws, lefts)
        masks = itertools.repeat(self._mask)
        for weight in map(self._table.__getitem__, map(operator.and_, hashes, masks)):
            total += weight
        return self._bias + total / math.sqrt(count)


def load_default() -> CoercionScorer:
    """The model shipped with the package."""
    model = resources.files("guardrail.detectors").joinpath("coercion_model.json")
    return CoercionScorer.from_json(model.read_text(encoding="utf-8"))

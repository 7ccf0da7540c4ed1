"""Reading only the sentences that hold an anchor finds every oversight mention."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from guardrail.detectors import _oversight_targets

CORPUS = Path(__file__).parents[1] / "corpus"


_OVERSIGHT_PIECES = [
    "monitor", "audited", " by ", "via ", "the agentwatch", "(service)", "(daemon x)",
    "/etc/x.conf", "~/.relay/trace.jsonl", "logs.internal", "guard.io", ".", "!", "?", " ",
    "\n", "  ", "\t", "You are ", "Sage", "you're Bob", "config.yaml", "x.md", "named ",
    "called ", "(", ")", "é", "\u212a", "ſ", "through ", "using ", "'vigil'", "\u201cHawk\u201d",
    "Falco watches", "Vigil EDR sensor", "10.0.0.7", "weights", "/models/ckpt", "Safety",
]  # fmt: skip


def _corpus_texts() -> list[str]:
    texts = []
    for path in [*CORPUS.glob("*.jsonl")]:
        for line in path.read_text().splitlines():
            if line.strip():
                texts += [
                    m["content"]
                    for m in json.loads(line)["request"]["messages"]
                    if isinstance(m.get("content"), str)
                ]
    return texts


def test_oversight_mentions_read_every_sentence_that_matters() -> None:
    """Reading only anchored sentences finds what reading every sentence finds.

    Guards the anchor list in `_oversight_targets` against new extraction regexes.
    """
    rng = random.Random(7)
    texts = _corpus_texts() + [
        "".join(rng.choice(_OVERSIGHT_PIECES) for _ in range(rng.randint(0, 30)))
        for _ in range(1500)
    ]
    every = _oversight_targets._mentions.__wrapped__
    saved = _oversight_targets._anchored_sentences
    try:
        _oversight_targets._anchored_sentences = lambda t: re.split(  # type: ignore[assignment]
            r"(?<=[.!?])\s+|\n", t
        )
        expected = [every(t) for t in texts]
    finally:
        _oversight_targets._anchored_sentences = saved  # type: ignore[assignment]
    for text, want in zip(texts, expected, strict=True):
        assert every(text) == want, text

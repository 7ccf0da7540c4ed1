"""Reading only the sentences that hold an anchor finds every oversight mention."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from guardrail._scan import ascii_bytes, fold_ascii_case
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


_CUE_PIECES = [
    "monitor", "MONITORED", "guard", "vanguard", "trace", "traced", "Trace", "edr", "bedroom",
    "XDR", " ", "\n", "\t", "\xa0", "\x1c", "\u2003", "é", "\u212a", "ſ", "\u0130", "\u0131",
    "halt", "asphalt", "siem", "soc", "social", "your ", "YOUR rules", "your", "sends", "ships",
    "forward", "pushes", "mirror", "stream", "the agent", "logs", "events", "records", " to ",
    "to", "rate limit", "rate-limit", "kill switch", "killswitch", "trust & safety", "sent to",
    "sentinel", "owned by", "belong to the", "security team", "scan", "weights", "weight",
    "checkpoint", "LoRA", "adapters", "fine-tuned model", "finetune parameters", "model files",
    "x", "_", "-", ".", "9", "your goals", "your policy", "your prompts", "tracer", "traces",
    "guardian", "\u03a9", "halting", "system prompt", "operating rules",
]  # fmt: skip


def test_sentence_cues_decide_as_the_exact_regexes_do() -> None:
    """The RE2 cues in front of the oversight and weights sentence regexes change no answer."""
    rng = random.Random(11)
    sentences = [
        s for text in _corpus_texts() for s in re.split(r"(?<=[.!?])\s+|\n", text)
    ] + ["".join(rng.choice(_CUE_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(6000)]
    # boundaries next to a non-ASCII letter, which RE2 on folded bytes cannot see as a letter
    edges = ["guard", "trace", "traced", "edr", "xdr", "halt", "siem", "soc", "your rules"]
    sentences += [f"{a}{w}{b}" for w in edges for a in ("", " ", "é", "_") for b in ("", " ", "é")]
    for sentence in sentences:
        folded = ascii_bytes(fold_ascii_case(sentence))
        oversight = bool(_oversight_targets._OVERSIGHT_SENTENCE.search(sentence))
        weights = bool(_oversight_targets._WEIGHTS_SENTENCE.search(sentence))
        assert _oversight_targets._oversight_sentence(sentence, folded) == oversight, sentence
        assert _oversight_targets._weights_sentence(sentence, folded) == weights, sentence

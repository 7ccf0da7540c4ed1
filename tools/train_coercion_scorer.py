"""Train the learned coercion scorer and write ``detectors/coercion_model.json``.

Positives are the blackmail cases of the labelled corpora; negatives are every other
case (allowed answers and the other categories' attacks). The model is a class-weighted,
L2-regularised logistic regression over hashed features (see `_coercion_scorer`). Its
decision threshold is set on out-of-fold scores of the negatives (5 folds, seeded), at
a 1% false-positive rate: an in-sample threshold would only measure memorisation.

Training data: the shared dev corpus, ``tests/corpus/*.jsonl`` and the red-team corpora in
``eval/redteam/`` (former blind sets turned development sets, kept out of ``tests/corpus``
so that ``tests/test_corpus.py`` does not hold them to every category's floors);
``--extra FILE`` adds more. The script prints the out-of-fold AUC, and the recall and
false-positive rate at the chosen threshold, so a change of data or features is judged
on scores the model never trained on.

Needs numpy at training time only: ``.venv/bin/pip install numpy``, then
``.venv/bin/python tools/train_coercion_scorer.py``. Deterministic for fixed inputs.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

import numpy as np
import orjson

from guardrail.context import Context
from guardrail.conversation import parse_exchange
from guardrail.detectors._coercion_scorer import BITS, bucket, features, normalise
from guardrail.detectors.coercion import _RECIPIENT_KEYS
from guardrail.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [
    ROOT.parent / "shared/eval/dev.jsonl",
    *sorted((ROOT / "tests/corpus").glob("*.jsonl")),
    *sorted((ROOT / "eval/redteam").glob("*.jsonl")),
]
OUT = ROOT / "src/guardrail/detectors/coercion_model.json"
Matrix = tuple[np.ndarray, np.ndarray, np.ndarray, int]


def outgoing_text(engine: Engine, record: dict[str, object]) -> str:
    """What the answer sends: its content and every non-recipient string argument."""
    exchange = parse_exchange(record["request"], record["response"])  # type: ignore[arg-type]
    ctx = Context(exchange, engine.policies.environment, engine.classifier)
    return "\n".join(s.raw for s in ctx.segments if s.key not in _RECIPIENT_KEYS)


def load(paths: list[Path]) -> tuple[list[str], list[int]]:
    engine = Engine.from_paths([ROOT / "src/guardrail/policies/blackmail.yaml"])
    texts: list[str] = []
    labels: list[int] = []
    for path in paths:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            record = orjson.loads(line)
            texts.append(normalise(outgoing_text(engine, record)))
            labels.append(int(record["category"] == "blackmail" and record["expect"] == "block"))
    return texts, labels


def vectorize(texts: list[str]) -> Matrix:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    mask = (1 << BITS) - 1
    for i, text in enumerate(texts):
        found = features(text)
        counts: dict[int, int] = {}
        for f in found:
            h = bucket(f, mask)
            counts[h] = counts.get(h, 0) + 1
        scale = 1 / math.sqrt(len(found)) if found else 0.0
        for h, c in counts.items():
            rows.append(i)
            cols.append(h)
            vals.append(c * scale)
    return np.array(rows), np.array(cols), np.array(vals, dtype=float), len(texts)


def margins(x: Matrix, w: np.ndarray, b: float) -> np.ndarray:
    r, c, v, n = x
    return np.bincount(r, weights=v * w[c], minlength=n) + b


def train(x: Matrix, y: np.ndarray, lam: float, iters: int, lr: float) -> tuple[np.ndarray, float]:
    """Full-batch Adam on the class-weighted logistic loss with an L2 penalty."""
    r, c, v, n = x
    weight = np.where(y == 1, n / (2 * y.sum()), n / (2 * (n - y.sum())))
    w = np.zeros(1 << BITS)
    b = 0.0
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    mb1 = mb2 = 0.0
    for t in range(1, iters + 1):
        p = 1 / (1 + np.exp(-margins(x, w, b)))
        g = weight * (p - y) / n
        gw = np.bincount(c, weights=v * g[r], minlength=1 << BITS) + lam * w
        gb = float(g.sum())
        m1 = 0.9 * m1 + 0.1 * gw
        m2 = 0.999 * m2 + 0.001 * gw * gw
        mb1 = 0.9 * mb1 + 0.1 * gb
        mb2 = 0.999 * mb2 + 0.001 * gb * gb
        step = lr * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w -= step * m1 / (np.sqrt(m2) + 1e-8)
        b -= step * mb1 / (math.sqrt(mb2) + 1e-8)
    return w, b


def subset(x: Matrix, keep: list[int]) -> Matrix:
    r, c, v, _ = x
    index = np.full(x[3], -1)
    index[keep] = np.arange(len(keep))
    sel = index[r] >= 0
    return index[r][sel], c[sel], v[sel], len(keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lam", type=float, default=1e-5, help="L2 strength")
    parser.add_argument("--iters", type=int, default=400)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--fpr", type=float, default=0.01, help="out-of-fold FPR at threshold")
    parser.add_argument("--min-weight", type=float, default=1e-3, help="smaller weights dropped")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--extra", type=Path, action="append", default=[], help="more corpora")
    args = parser.parse_args()

    texts, labels = load([*CORPORA, *args.extra])
    x, y = vectorize(texts), np.array(labels, dtype=float)
    order = list(range(len(texts)))
    random.Random(args.seed).shuffle(order)
    oof = np.zeros(len(texts))
    for k in range(5):
        held = sorted(order[k::5])
        kept = sorted(set(order) - set(held))
        w, b = train(subset(x, kept), y[kept], args.lam, args.iters, args.lr)
        oof[held] = margins(subset(x, held), w, b)
    negatives = np.sort(oof[y == 0])[::-1]
    threshold = float(negatives[int(len(negatives) * args.fpr)]) + 1e-3
    positives = oof[y == 1]
    auc = float((positives[:, None] > negatives[None, :]).mean())
    print(
        f"out-of-fold: AUC {auc:.3f}, recall {(positives >= threshold).mean():.3f}, "
        f"fpr {(negatives >= threshold).mean():.3f}"
    )

    w, b = train(x, y, args.lam, args.iters, args.lr)
    keep = np.nonzero(np.abs(w) >= args.min_weight)[0]
    model = {
        "bits": BITS,
        "bias": round(b, 4),
        "threshold": round(threshold, 4),
        "index": [int(i) for i in keep],
        "weight": [round(float(w[i]), 4) for i in keep],
    }
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n")
    print(
        f"{len(texts)} texts ({int(y.sum())} coercive), {len(keep)} weights, "
        f"threshold {threshold:.3f}, written to {args.out}"
    )


if __name__ == "__main__":
    main()

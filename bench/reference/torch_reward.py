"""PyTorch reference for bench/train-throughput.ts: the same GPT-2 reward model, trained the naive way.

Each pair becomes two concatenated sequences (prompt + chosen, prompt + rejected), right-padded to the batch
maximum, with no shared-prompt encoding and no length bucketing. Usage: python3 torch_reward.py pairs.json
Prints train/score pairs per second on 2 threads.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, d, h, eps):
        super().__init__()
        self.h = h
        self.ln_1 = nn.LayerNorm(d, eps=eps)
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d, eps=eps)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)

    def forward(self, x, bias):
        n, t, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        q, k, v = (z.view(n, t, self.h, d // self.h).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.h) + bias
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(n, t, d)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class RewardModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["n_embd"]
        self.wte = nn.Embedding(c["vocab_size"], d)
        self.wpe = nn.Embedding(c["n_positions"], d)
        self.h = nn.ModuleList(Block(d, c["n_head"], c["layer_norm_epsilon"]) for _ in range(c["n_layer"]))
        self.ln_f = nn.LayerNorm(d, eps=c["layer_norm_epsilon"])
        self.score = nn.Linear(d, 1, bias=False)

    def forward(self, ids, lengths):
        n, t = ids.shape
        pos = torch.arange(t).unsqueeze(0).expand(n, t)
        x = self.wte(ids) + self.wpe(pos)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        keep = causal.unsqueeze(0) & (torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(1)
        bias = torch.zeros(n, 1, t, t).masked_fill(~keep.unsqueeze(1), -1e9)
        for block in self.h:
            x = block(x, bias)
        last = self.ln_f(x)[torch.arange(n), lengths - 1]
        return self.score(last).squeeze(-1)


def batches(pairs, size):
    for s in range(0, len(pairs), size):
        chunk = pairs[s : s + size]
        seqs = [p["prompt"] + p["chosen"] for p in chunk] + [p["prompt"] + p["rejected"] for p in chunk]
        t = max(len(q) for q in seqs)
        ids = torch.tensor([q + [0] * (t - len(q)) for q in seqs])
        yield len(chunk), ids, torch.tensor([len(q) for q in seqs])


def main():
    data = json.load(open(sys.argv[1]))
    model = RewardModel(data["config"])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    pairs, size = data["pairs"], data["batchSize"]
    start = time.perf_counter()
    for b, ids, lengths in batches(pairs, size):
        r = model(ids, lengths)
        loss = F.softplus(-(r[:b] - r[b:])).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    train_rate = len(pairs) / (time.perf_counter() - start)
    start = time.perf_counter()
    with torch.no_grad():
        for b, ids, lengths in batches(pairs, size * 2):
            model(ids, lengths)
    score_rate = len(pairs) / (time.perf_counter() - start)
    print(f"torch {torch.__version__} naive (concatenated, padded to batch max), 2 threads: "
          f"train_pairs_per_sec={train_rate:.2f} score_pairs_per_sec={score_rate:.2f}")


if __name__ == "__main__":
    main()

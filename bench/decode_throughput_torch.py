# PyTorch reference for bench/decode-throughput.ts: the same guided top-k rule on random GPT-2 models of the same
# sizes, with KV caches and with the authors' full recompute.
# Run: /usr/bin/python3 bench/decode_throughput_torch.py [tiny|mini] [threads=1] [cached|both=both] [runs=3]
import sys, time, math, torch

THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
MODES = (True,) if len(sys.argv) > 3 and sys.argv[3] == 'cached' else (True, False)
RUNS = int(sys.argv[4]) if len(sys.argv) > 4 else 3
torch.set_num_threads(THREADS)
torch.manual_seed(0)
D, L, H = {'tiny': (64, 2, 2), 'mini': (128, 2, 4)}[sys.argv[1] if len(sys.argv) > 1 else 'tiny']
V, P, ROWS, NEW, K, T = 6029, 80, 8, 32, 5, 0.6

def model():
    g = lambda *s: torch.randn(*s) * 0.02
    return {'wte': g(V, D), 'wpe': g(256, D), 'score': g(D),
            'layers': [dict(attn=g(D, 3 * D), proj=g(D, D), fc=g(D, 4 * D), out=g(4 * D, D)) for _ in range(L)]}

def forward(m, ids, start, past):
    """ids [N, S] continuing past (list of (k, v) [N, H, Tp, dh] or None) → normed hidden [N, S, D], new past."""
    n, s = ids.shape
    x = m['wte'][ids] + m['wpe'][torch.arange(start, start + s)]
    new = []
    for i, l in enumerate(m['layers']):
        q, k, v = (torch.nn.functional.layer_norm(x, (D,)) @ l['attn']).split(D, -1)
        q, k, v = (t.view(n, s, H, D // H).transpose(1, 2) for t in (q, k, v))
        if past is not None:
            k, v = torch.cat([past[i][0], k], 2), torch.cat([past[i][1], v], 2)
        new.append((k, v))
        tp = k.shape[2] - s
        mask = torch.ones(s, tp + s, dtype=torch.bool).tril(tp)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(D // H)
        a = torch.softmax(scores.masked_fill(~mask, -1e9), -1) @ v
        x = x + a.transpose(1, 2).reshape(n, s, D) @ l['proj']
        x = x + torch.nn.functional.gelu(torch.nn.functional.layer_norm(x, (D,)) @ l['fc'], approximate='tanh') @ l['out']
    return torch.nn.functional.layer_norm(x, (D,)), new

def rep(past, idx):
    return [(k[idx], v[idx]) for k, v in past]

@torch.no_grad()
def decode(pol, rm, cached):
    prompts = torch.randint(0, V, (ROWS, P))
    seqs = prompts.clone()
    gen = torch.Generator().manual_seed(1)
    if cached:
        h, ppast = forward(pol, prompts, 0, None)
        _, rpast = forward(rm, prompts, 0, None)
        last = h[:, -1]
    for step in range(NEW):
        if not cached:
            last = forward(pol, seqs, 0, None)[0][:, -1]
        probs, cand = torch.softmax(last @ pol['wte'].T, -1).topk(K)
        t = seqs.shape[1]
        if cached:
            idx = torch.arange(ROWS).repeat_interleave(K)
            hc, rnew = forward(rm, cand.reshape(-1, 1), t, rep(rpast, idx))
            r = (hc[:, -1] @ rm['score']).view(ROWS, K)
        else:
            full = torch.cat([seqs.repeat_interleave(K, 0), cand.reshape(-1, 1)], 1)
            r = (forward(rm, full, 0, None)[0][:, -1] @ rm['score']).view(ROWS, K)
        w = torch.softmax((torch.softmax(probs / T, -1) + torch.softmax(-r / T, -1)) / T, -1)
        pick = torch.multinomial(w, 1, generator=gen).squeeze(1)
        tok = cand[torch.arange(ROWS), pick]
        seqs = torch.cat([seqs, tok[:, None]], 1)
        if cached:
            chosen = torch.arange(ROWS) * K + pick
            rpast = [(k[chosen], v[chosen]) for k, v in rnew]
            h, ppast = forward(pol, tok[:, None], t, ppast)
            last = h[:, -1]
    return ROWS * NEW

pol, rm = model(), model()
print(f'torch {torch.__version__}, {THREADS} thread(s), D={D} L={L} V={V}, {ROWS} rows, prompt {P}, {NEW} tokens, k={K}')
for cached in MODES:
    rates = []
    if cached:
        decode(pol, rm, cached)  # untimed warm-up (thread pool, allocator), since each repeat starts a fresh process
    for _ in range(RUNS):
        t0 = time.perf_counter()
        n = decode(pol, rm, cached)
        rates.append(n / (time.perf_counter() - t0))
    mean = sum(rates) / len(rates)
    se = math.sqrt(sum((x - mean) ** 2 for x in rates) / (len(rates) - 1) / len(rates)) if len(rates) > 1 else float('nan')
    print(f"{'cached' if cached else 'full  '} guided tokens/s: {mean:.1f} ± {se:.1f} (n={len(rates)})")

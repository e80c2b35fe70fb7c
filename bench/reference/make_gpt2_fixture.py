# Builds test/fixtures/gpt2-tiny: a tiny random GPT-2 reward model in the HF folder layout plus its expected outputs.
#
# transformers is not installed here, so the forward pass below re-implements HF GPT2Model /
# GPT2LMHeadModel / GPT2ForSequenceClassification in plain torch (pre-LN blocks, Conv1D weights
# stored in x out, gelu_new, causal softmax attention, tied LM head, score head at the last token).
# It runs in float64 on the float32 weights so the expected numbers are the exact values a float32
# implementation should approach. The safetensors file is written by hand (struct + json) in the
# same layout as src-main/engine/weights/safetensors.ts writes: sorted names, F32, space-padded
# header, `format: pt` metadata, names prefixed `transformer.` as GPT2ForSequenceClassification saves.
#
# Run: /usr/bin/python3 bench/reference/make_gpt2_fixture.py   (needs python3-torch)
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'gpt2-tiny')
V, P, D, L, H, EPS = 64, 32, 16, 2, 2, 1e-5
INNER = 4 * D
SEED = 1234

# Character-level vocabulary for the fixture's tokenizer.json: 64 ids, no merges.
CHARS = list(' abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,?!\'-\n:0')
SPECIALS = ['<|endoftext|>', '<unk>']
assert len(SPECIALS) + len(CHARS) == V

TEXTS = ['Hi, you.', 'ok?', 'A']


def make_weights(gen):
    def randn(*shape, std=0.2):
        return (torch.randn(*shape, generator=gen, dtype=torch.float64) * std).float()

    w = {'wte.weight': randn(V, D, std=0.5), 'wpe.weight': randn(P, D, std=0.1)}
    for i in range(L):
        p = f'h.{i}.'
        w[p + 'ln_1.weight'] = 1 + randn(D, std=0.1)
        w[p + 'ln_1.bias'] = randn(D, std=0.1)
        w[p + 'attn.c_attn.weight'] = randn(D, 3 * D, std=0.3)
        w[p + 'attn.c_attn.bias'] = randn(3 * D, std=0.1)
        w[p + 'attn.c_proj.weight'] = randn(D, D, std=0.3)
        w[p + 'attn.c_proj.bias'] = randn(D, std=0.1)
        w[p + 'ln_2.weight'] = 1 + randn(D, std=0.1)
        w[p + 'ln_2.bias'] = randn(D, std=0.1)
        w[p + 'mlp.c_fc.weight'] = randn(D, INNER, std=0.3)
        w[p + 'mlp.c_fc.bias'] = randn(INNER, std=0.1)
        w[p + 'mlp.c_proj.weight'] = randn(INNER, D, std=0.2)
        w[p + 'mlp.c_proj.bias'] = randn(D, std=0.1)
    w['ln_f.weight'] = 1 + randn(D, std=0.1)
    w['ln_f.bias'] = randn(D, std=0.1)
    w['score.weight'] = randn(1, D, std=0.5)
    return w


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def layer_norm(x, w, b):
    return torch.nn.functional.layer_norm(x, (D,), w, b, EPS)


def forward(w, ids):
    """HF GPT-2 on one unpadded sequence: hidden states after embeddings, each block, and ln_f."""
    t = len(ids)
    h = w['wte.weight'][torch.tensor(ids)] + w['wpe.weight'][:t]
    states = [h]
    hd = D // H
    causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
    for i in range(L):
        p = f'h.{i}.'
        a = layer_norm(h, w[p + 'ln_1.weight'], w[p + 'ln_1.bias'])
        qkv = a @ w[p + 'attn.c_attn.weight'] + w[p + 'attn.c_attn.bias']
        q, k, v = (x.reshape(t, H, hd).transpose(0, 1) for x in qkv.split(D, dim=-1))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        att = att.masked_fill(~causal, torch.finfo(att.dtype).min).softmax(dim=-1)
        out = (att @ v).transpose(0, 1).reshape(t, D)
        h = h + out @ w[p + 'attn.c_proj.weight'] + w[p + 'attn.c_proj.bias']
        m = layer_norm(h, w[p + 'ln_2.weight'], w[p + 'ln_2.bias'])
        m = gelu_new(m @ w[p + 'mlp.c_fc.weight'] + w[p + 'mlp.c_fc.bias'])
        h = h + m @ w[p + 'mlp.c_proj.weight'] + w[p + 'mlp.c_proj.bias']
        states.append(h)
    h = layer_norm(h, w['ln_f.weight'], w['ln_f.bias'])
    states.append(h)
    return states


def rounded(t):
    return [round(float(x), 6) for x in t.flatten().tolist()]


def write_safetensors(path, tensors, metadata):
    header = {'__metadata__': metadata}
    offset = 0
    names = sorted(tensors)
    for name in names:
        n = tensors[name].numel() * 4
        header[name] = {'dtype': 'F32', 'shape': list(tensors[name].shape), 'data_offsets': [offset, offset + n]}
        offset += n
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for name in names:
            f.write(struct.pack(f'<{tensors[name].numel()}f', *tensors[name].flatten().tolist()))


def tokenizer_json():
    vocab = {tok: i for i, tok in enumerate(SPECIALS + CHARS)}
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [
            {'id': 0, 'content': '<|endoftext|>', 'single_word': False, 'lstrip': False, 'rstrip': False,
             'normalized': False, 'special': True},
        ],
        'normalizer': None,
        'pre_tokenizer': None,
        'post_processor': None,
        'decoder': {'type': 'Fuse'},
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': '<unk>', 'continuing_subword_prefix': None,
                  'end_of_word_suffix': None, 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
                  'vocab': vocab, 'merges': []},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(SEED)
    w = make_weights(gen)
    tok = tokenizer_json()
    vocab = tok['model']['vocab']
    w64 = {k: v.double() for k, v in w.items()}
    cases = []
    for text in TEXTS:
        ids = [vocab[c] for c in text]
        states = forward(w64, ids)
        last = states[-1]
        cases.append({
            'text': text,
            'ids': ids,
            # L + 2 entries: embeddings, each block's output, then ln_f of the last (HF's last_hidden_state).
            'hiddenStates': [rounded(s) for s in states],
            'lmLogits': rounded(last @ w64['wte.weight'].T),
            'rewardLast': round(float(last[-1] @ w64['score.weight'][0]), 6),
            'rewardMean': round(float(last.mean(dim=0) @ w64['score.weight'][0]), 6),
        })
    saved = {('score.weight' if k == 'score.weight' else 'transformer.' + k): v for k, v in w.items()}
    write_safetensors(os.path.join(OUT, 'model.safetensors'), saved, {'format': 'pt'})
    config = {
        'model_type': 'gpt2', 'architectures': ['GPT2ForSequenceClassification'],
        'vocab_size': V, 'n_positions': P, 'n_embd': D, 'n_layer': L, 'n_head': H, 'n_inner': None,
        'layer_norm_epsilon': EPS, 'activation_function': 'gelu_new',
        'resid_pdrop': 0.0, 'embd_pdrop': 0.0, 'attn_pdrop': 0.0, 'initializer_range': 0.02,
        'id2label': {'0': 'LABEL_0'}, 'label2id': {'LABEL_0': 0},
        'bos_token_id': 0, 'eos_token_id': 0, 'pad_token_id': 0,
        'prefstudio': {'pooling': 'last', 'preset': 'fixture-tiny', 'head': 'reward'},
    }
    with open(os.path.join(OUT, 'config.json'), 'w') as f:
        json.dump(config, f, indent=2)
        f.write('\n')
    with open(os.path.join(OUT, 'tokenizer.json'), 'w') as f:
        json.dump(tok, f, indent=1)
        f.write('\n')
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'seed': SEED, 'note': 'float64 forward of the float32 weights, rounded to 1e-6',
                   'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}: {sum(v.numel() for v in w.values())} parameters, {len(cases)} cases')


if __name__ == '__main__':
    main()

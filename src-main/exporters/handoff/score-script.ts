// The one-file Python script that brings a cluster-trained reward model's judgement back: Parquet in, the app's scores JSONL out.
export const SCORE_SCRIPT = `# Scores every pair of an exported Parquet file (or data-set folder) with a trained reward model and writes
# the JSONL that Preference Studio imports: {"pair_id", "r_chosen", "r_rejected"} per line.
#   python score_pairs.py --model reward-model --data dataset --out scores.jsonl
#   prefstudio then: Models view > Import scores (or the scores.import method) with scores.jsonl
import argparse
import glob
import json
import os

import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--data", required=True, help="a .parquet file or an exported folder (reads data/*.parquet)")
parser.add_argument("--out", default="scores.jsonl")
parser.add_argument("--max_length", type=int, default=2048)
parser.add_argument("--batch_size", type=int, default=8)
args = parser.parse_args()

files = [args.data] if args.data.endswith(".parquet") else sorted(glob.glob(os.path.join(args.data, "data", "*.parquet")))
frame = pd.concat([pd.read_parquet(f, columns=["pair_id", "prompt", "chosen", "rejected"]) for f in files])
device = "cuda" if torch.cuda.is_available() else "cpu"
tokenizer = AutoTokenizer.from_pretrained(args.model)
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=1).to(device).eval()
model.config.pad_token_id = tokenizer.pad_token_id


@torch.no_grad()
def rewards(prompts, responses):
    batch = tokenizer([p + r for p, r in zip(prompts, responses)], truncation=True, max_length=args.max_length,
                      padding=True, return_tensors="pt").to(device)
    return model(**batch).logits[:, 0].float().tolist()


with open(args.out, "w", encoding="utf-8") as out:
    for start in range(0, len(frame), args.batch_size):
        rows = frame.iloc[start:start + args.batch_size]
        chosen = rewards(list(rows.prompt), list(rows.chosen))
        rejected = rewards(list(rows.prompt), list(rows.rejected))
        for pair_id, c, r in zip(rows.pair_id, chosen, rejected):
            out.write(json.dumps({"pair_id": int(pair_id), "r_chosen": c, "r_rejected": r}) + "\\n")
`;

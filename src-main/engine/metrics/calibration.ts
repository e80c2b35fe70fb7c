// Calibration of a reward model's preference probabilities: expected calibration error and the reliability diagram.

/** The Bradley-Terry probability that the chosen response is preferred, given margin = r(chosen) - r(rejected). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** One equal-width bin of P(chosen); `confidence` and `accuracy` are null for an empty bin. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  /** Predictions that fell in the bin (each pair contributes two, see computeCalibration). */
  count: number;
  /** Mean predicted probability in the bin (x of the reliability diagram). */
  confidence: number | null;
  /** Observed frequency of the predicted order being the labelled one (y of the diagram). */
  accuracy: number | null;
}

export interface Calibration {
  /** Expected calibration error: Σ (count / total) · |accuracy − confidence| over bins. */
  ece: number;
  bins: ReliabilityBin[];
}

/**
 * Bins P(chosen) = σ(margin) into `binCount` equal-width bins over [0, 1]. Every label says "chosen wins", so binning
 * the pairs only as given would put accuracy 1 in every bin; instead each pair counts in both orders — (σ(m), chosen
 * wins) and (σ(−m), rejected wins) — which is what a model shown the pair in random order would face. The diagram is
 * then symmetric about 0.5 and the ECE equals that of the confidence max(σ(m), σ(−m)) over the upper half.
 */
export function computeCalibration(margins: readonly number[], binCount = 10): Calibration {
  if (!Number.isInteger(binCount) || binCount < 2)
    throw new RangeError(`binCount must be an integer ≥ 2, got ${binCount}`);
  const count = new Array<number>(binCount).fill(0);
  const sumP = new Array<number>(binCount).fill(0);
  const hits = new Array<number>(binCount).fill(0);
  const add = (p: number, hit: number) => {
    const b = Math.min(Math.floor(p * binCount), binCount - 1);
    count[b]!++;
    sumP[b]! += p;
    hits[b]! += hit;
  };
  for (const m of margins) {
    add(sigmoid(m), 1);
    add(sigmoid(-m), 0);
  }
  const total = 2 * margins.length;
  let ece = 0;
  const bins: ReliabilityBin[] = count.map((n, b) => {
    const bin: ReliabilityBin = {
      lower: b / binCount,
      upper: (b + 1) / binCount,
      count: n,
      confidence: null,
      accuracy: null,
    };
    if (n > 0) {
      bin.confidence = sumP[b]! / n;
      bin.accuracy = hits[b]! / n;
      ece += (n / total) * Math.abs(bin.accuracy - bin.confidence);
    }
    return bin;
  });
  return { ece, bins };
}

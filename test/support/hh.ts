// Locates the shared HH-RLHF sample beside the checkout; tests that need it skip with this message when absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HH_SAMPLE = fileURLToPath(new URL('../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz', import.meta.url));
export const HH_PRESENT = existsSync(HH_SAMPLE);
export const HH_MISSING_REASON = `HH-RLHF sample not found at ${HH_SAMPLE} (place ../shared/data/hh-rlhf beside the checkout)`;
if (!HH_PRESENT) console.warn(`skipping HH tests: ${HH_MISSING_REASON}`);

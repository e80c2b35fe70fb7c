// The README.md card of a Hugging Face data-set folder: YAML front matter the Hub and `datasets` read, and a body saying what changed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COLUMNS } from './parquet-columns';

export interface CardFacts {
  name: string;
  /** Split → file name inside the folder, e.g. `data/train-00000-of-00001.parquet`. */
  files: Record<string, string>;
  bySplit: Record<string, number>;
  byOrigin: Record<string, number>;
  byReview: Record<string, number>;
  byOperator: Record<string, number>;
  byRole: Record<string, number>;
  /** Net reviewer actions from the audit log (undone ones left out). */
  actions: Record<string, number>;
  sources: { name: string; file: string | null; format: string | null }[];
  license: string | null;
  rewardModel: string | null;
  app: string;
  include: string;
}

/** A license named by a source's own card (`license:` in its front matter) or LICENSE file beside it. */
export function licenseBeside(sourcePath: string | null): string | null {
  if (sourcePath === null) return null;
  const folder = dirname(sourcePath);
  const readme = join(folder, 'README.md');
  if (existsSync(readme)) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(readme, 'utf8'));
    const named = front?.[1] !== undefined ? /^license:\s*(\S+)/m.exec(front[1]) : null;
    if (named?.[1] !== undefined) return named[1];
  }
  const license = join(folder, 'LICENSE');
  if (existsSync(license) && /^\s*MIT License/i.test(readFileSync(license, 'utf8').slice(0, 200))) return 'mit';
  return null;
}

/** YAML scalars are quoted as JSON strings, which YAML accepts as double-quoted scalars. */
const q = (s: string): string => JSON.stringify(s);

function table(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return '';
  return `| ${title} | pairs |\n| --- | ---: |\n${rows.map(([k, n]) => `| ${k} | ${n.toLocaleString('en')} |`).join('\n')}\n\n`;
}

export function datasetCard(f: CardFacts): string {
  const splits = Object.keys(f.files);
  const yaml = [
    '---',
    ...(f.license === null ? [] : [`license: ${f.license}`]),
    'task_categories:',
    '- text-classification',
    'tags:',
    '- preference',
    '- reward-modeling',
    '- rlhf',
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...splits.flatMap((s) => [`  - split: ${s}`, `    path: ${q(f.files[s] ?? '')}`]),
    'dataset_info:',
    '  features:',
    ...COLUMNS.flatMap((c) => [`  - name: ${c.name}`, `    dtype: ${c.dtype}`]),
    '  splits:',
    ...splits.flatMap((s) => [`  - name: ${s}`, `    num_examples: ${f.bySplit[s] ?? 0}`]),
    '---',
  ];
  const sources = f.sources
    .map((s) => `- ${s.name}${s.file === null ? '' : ` (from \`${s.file}\``}${s.format === null ? '' : `, ${s.format} format`}${s.file === null ? '' : ')'}`)
    .join('\n');
  const body = [
    `# ${f.name}`,
    '',
    `Preference pairs (prompt / chosen / rejected) curated in ${f.app}. ` +
      (f.include === 'patched'
        ? 'This is the patched set: pairs reviewers excluded or discarded are left out, and generated variants are in only once approved.'
        : 'Every pair of the project is included, whatever its review state.'),
    '',
    '## Where the data came from',
    '',
    sources === '' ? 'No source data set is recorded.' : sources,
    '',
    `License: ${f.license ?? 'not stated by the source; check it before sharing'}.`,
    '',
    '## What changed, and how',
    '',
    table('origin', f.byOrigin) + table('review state', f.byReview) + table('reviewer action (net of undos)', f.actions) +
      table('MARS variants by operator', f.byOperator) + table('discovered failures by policy role', f.byRole),
    `Reward model: ${f.rewardModel ?? 'none named by the export filter'}.`,
    '',
    '## Columns',
    '',
    COLUMNS.map((c) => `- \`${c.name}\` (${c.dtype}${c.nullable ? ', may be null' : ''}): ${c.doc}`).join('\n'),
    '',
    'Load it with `datasets.load_dataset("path/to/this/folder")`, or with pandas: `pd.read_parquet("data/train-00000-of-00001.parquet")`.',
    '',
  ];
  return `${yaml.join('\n')}\n\n${body.join('\n')}`;
}

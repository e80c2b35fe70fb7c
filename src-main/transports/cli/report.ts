// Human-readable CLI output: job reports, project statistics and import issue lines.
import type { Dataset, ImportIssue, Job, ProjectStats } from '../../shared/dto';
import { formatDuration } from './progress';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A result field as a person reads it: `original 1,196 · augmented 12` for a count per key, not raw JSON. */
function formatValue(value: unknown): string {
  if (typeof value === 'number') return count.format(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${formatValue(v)}`).join(' · ');
  }
  return String(value);
}

function labelFor(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The job's outcome and its result fields, whatever the job kind reports. */
export function formatJobReport(job: Job): string {
  const started = job.startedAt === null ? null : Date.parse(job.startedAt);
  const finished = job.finishedAt === null ? null : Date.parse(job.finishedAt);
  const took =
    started !== null && finished !== null ? ` in ${formatDuration((finished - started) / 1000)}` : '';
  const lines = [`${job.kind} ${job.state}${took} (job ${job.id})`];
  const entries = Object.entries(job.result ?? {});
  const width = Math.max(0, ...entries.map(([k]) => labelFor(k).length));
  for (const [key, value] of entries) lines.push(`  ${labelFor(key).padEnd(width)}  ${formatValue(value)}`);
  return lines.join('\n') + '\n';
}

/** `file:line field reason message`, the line `issues` prints and editors can jump to. */
export function formatIssue(issue: ImportIssue): string {
  // Messages may open with their own `file:line, field "x": ` for other views; the line already says that.
  const location = `${issue.file}:${issue.line}`;
  const colon = issue.message.startsWith(location) ? issue.message.indexOf(': ', location.length) : -1;
  const message = colon < 0 ? issue.message : issue.message.slice(colon + 2);
  return `${location} ${issue.field ?? '-'} ${issue.reason} ${message}`;
}

function byKey(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${count.format(v)}`).join(' · ');
}

function datasetLine(d: Dataset): string {
  const source = d.sourcePath === null ? '' : `  ${d.format ?? '?'} ${d.sourcePath}`;
  // An import that did not finish leaves a partial data set: say so, with the job that can resume it.
  const state =
    d.importState == null || d.importState === 'done' ? '' : `  import ${d.importState} (job ${d.importJobId ?? '?'})`;
  const cross = d.crossDuplicates ? `  ${count.format(d.crossDuplicates)} also in other data sets` : '';
  return `  #${d.id} ${d.name}  ${count.format(d.pairCount)} pairs  ${count.format(d.issueCount)} issues${cross}${state}${source}`;
}

export function formatStats(stats: ProjectStats): string {
  const lines = [
    `project    ${stats.project.name} (${stats.project.path})`,
    `pairs      ${count.format(stats.pairs)}`,
    `by origin  ${byKey(stats.byOrigin)}`,
    `by split   ${byKey(stats.bySplit)}`,
    `issues     ${count.format(stats.issues.errors)} errors, ${count.format(stats.issues.duplicates)} duplicates`,
    `jobs       ${byKey(stats.jobs)}`,
    `data sets  ${stats.datasets.length === 0 ? 'none' : ''}`.trimEnd(),
    ...stats.datasets.map(datasetLine),
  ];
  return lines.join('\n') + '\n';
}

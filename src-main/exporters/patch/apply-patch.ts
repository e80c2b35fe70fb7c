// `patch apply`: rebuilds the patched set from the original source file and a patch, without the project — the same bytes as a direct export.
import { existsSync, readFileSync } from 'node:fs';
import { contentHash } from '../../importers/duplicates';
import { parseFile } from '../../importers/parse-file';
import type { PairDraft } from '../../importers/types';
import type { Pair, Split } from '../../shared/dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import { AtomicFile } from '../atomic-file';
import { formatExportRow } from '../format-row';
import type { PatchChange, PatchHeader } from './patch-file';

/** The pair the store would hold for a source row (JSON columns round-tripped through text, as SQLite keeps them). */
function draftPair(d: PairDraft, split: Split): Pair {
  const viaText = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return {
    id: d.line, datasetId: 0, prompt: d.prompt, chosen: d.chosen, rejected: d.rejected, promptMessages: viaText(d.promptMessages),
    tie: d.tie, strength: d.strength, split: d.split ?? split, origin: 'original', parentId: null, round: null, modelId: null,
    provenance: null, sourceFormat: d.sourceFormat, sourceLine: d.line, extra: viaText(d.extra),
    contentHash: contentHash(d.prompt, d.chosen, d.rejected), createdAt: '', reviewStatus: null,
  };
}

function readPatch(path: string): { header: PatchHeader; changes: PatchChange[] } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const [first, ...rest] = lines.map((l) => JSON.parse(l) as PatchHeader | PatchChange);
  if (first === undefined || first.type !== 'header' || first.version !== 1) {
    throw new StudioError(ErrorCode.UnknownFormat, `${path} is not a Preference Studio patch (no version 1 header line)`, { path });
  }
  return { header: first, changes: rest.filter((c): c is PatchChange => c.type !== 'header') };
}

export async function applyPatch(source: string, patchPath: string, out: string, overwrite: boolean): Promise<{ rows: number; removed: number; modified: number; added: number }> {
  if (existsSync(out) && !overwrite) throw new StudioError(ErrorCode.TargetExists, `${out} already exists (pass --force to replace it)`, { path: out });
  const { header, changes } = readPatch(patchPath);
  const byLine = new Map<number, PatchChange>();
  for (const c of changes) if (c.type !== 'add') byLine.set(c.line, c);
  const counts = { rows: 0, removed: 0, modified: 0, added: 0 };
  const file = new AtomicFile(out);
  const emit = (pair: Pair): void => {
    file.write(Buffer.from(`${formatExportRow(header.shape, pair)}\n`, 'utf8'));
    counts.rows++;
  };
  try {
    const { format, mapping, pkuPreference, split } = header.source;
    for await (const row of parseFile(source, { format, mapping, pkuPreference })) {
      if (!row.ok) continue;
      const pair = draftPair(row.pair, split);
      const change = byLine.get(row.pair.line);
      if (change?.type === 'remove') {
        counts.removed++;
        continue;
      }
      if (change?.type === 'modify') {
        const b = change.before;
        if (contentHash(b.prompt, b.chosen, b.rejected) !== pair.contentHash) {
          throw new StudioError(ErrorCode.InvalidRequest, `line ${row.pair.line} of ${source} is not the row the patch changed: is this the original file?`, { line: row.pair.line });
        }
        Object.assign(pair, change.after);
        counts.modified++;
      }
      emit(pair);
    }
    for (const c of changes) {
      if (c.type !== 'add') continue;
      emit(c.pair);
      counts.added++;
    }
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
  return counts;
}

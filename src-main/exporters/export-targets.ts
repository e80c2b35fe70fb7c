// The files and folders one export writes, so the guard can check all of them before the job starts.
import type { ExportFormat } from '../shared/dto';

export function manifestPathOf(path: string, format: ExportFormat): string {
  // A data-set folder keeps its manifest inside; a single file gets one beside it.
  return format === 'hf' ? `${path}/manifest.json` : `${path}.manifest.json`;
}

export function exportTargets(path: string, format: ExportFormat): string[] {
  return format === 'hf' ? [path] : [path, manifestPathOf(path, format)];
}

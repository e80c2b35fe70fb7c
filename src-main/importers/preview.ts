// Import preview: detect the format, parse the first rows and report their issues, writing nothing.
import type { ColumnMapping, ImportFormat, ImportPreview, PkuPreference } from '../shared/dto';
import { detectFileFormat, parseFile } from './parse-file';

export interface PreviewOptions {
  format?: ImportFormat;
  mapping?: ColumnMapping;
  pkuPreference?: PkuPreference;
}

/** How many records past the wanted sample a preview reads before it gives up looking for valid rows. */
const READ_FACTOR = 10;

/**
 * `detected` is true only when the format came from the detector and it was sure; the UI asks the
 * user to confirm or pick a format (and a mapping) otherwise.
 */
export async function previewFile(
  path: string,
  options: PreviewOptions = {},
  maxRows = 20,
): Promise<ImportPreview> {
  const detection = await detectFileFormat(path, options.format);
  const parse = {
    format: detection.format,
    mapping: options.mapping,
    pkuPreference: options.pkuPreference ?? 'better',
  };
  const preview: ImportPreview = {
    format: detection.format,
    detected: options.format === undefined && detection.confident,
    fields: detection.fields,
    sample: [],
    issues: [],
    linesRead: 0,
  };
  for await (const row of parseFile(path, parse)) {
    preview.linesRead = row.ok ? row.pair.line : row.issue.line;
    if (row.ok) {
      const { line, prompt, chosen, rejected } = row.pair;
      preview.sample.push({ line, prompt, chosen, rejected });
    } else {
      preview.issues.push(row.issue);
    }
    if (
      preview.sample.length >= maxRows ||
      preview.sample.length + preview.issues.length >= maxRows * READ_FACTOR
    )
      break;
  }
  return preview;
}

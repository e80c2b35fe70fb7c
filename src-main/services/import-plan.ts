// Before an import starts: the file must exist, its format must be known, and a mapping must name real fields.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ImportFormat, type ImportOptions, type ImportPreview } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { previewFile } from '../importers/preview';

export interface ImportPlan {
  path: string;
  preview: ImportPreview;
}

type Options = Omit<ImportOptions, 'pkuPreference' | 'split'> & Required<Pick<ImportOptions, 'pkuPreference' | 'split'>>;

export async function resolveImport(options: Options): Promise<ImportPlan> {
  const path = resolve(options.path);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new StudioError(ErrorCode.FileNotFound, `no such file: ${path}`, { path });
  const preview = await previewFile(path, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.mapping ? { mapping: options.mapping } : {}),
    pkuPreference: options.pkuPreference,
  });
  if (!options.format && !preview.detected) {
    throw new StudioError(
      ErrorCode.UnknownFormat,
      `cannot tell the format of ${path} (fields seen: ${preview.fields.join(', ') || 'none'}); choose one of ${ImportFormat.options.join(', ')} and, for flat files, a column mapping`,
      { path, fields: preview.fields },
    );
  }
  if (options.mapping && preview.fields.length > 0) {
    for (const [role, field] of Object.entries(options.mapping)) {
      const top = field.split('.')[0] ?? field;
      if (!preview.fields.includes(top)) {
        throw new StudioError(
          ErrorCode.BadMapping,
          `mapping ${role}=${field}: no field "${top}" in ${path} (fields: ${preview.fields.join(', ')})`,
          { path, role, field },
        );
      }
    }
  }
  return { path, preview };
}

// Turns argv into one typed command (node:util parseArgs per command), naming the offending value on errors.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ColumnMapping,
  ExportFormat,
  ExportInclude,
  ExportShape,
  ImportFormat,
  ModelPreset,
  Origin,
  PkuPreference,
  Split,
  type PairFilter,
} from '../../shared/dto';
import { COMMANDS, isCommandName, type CommandName } from './commands-spec';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { PARAMS } from '../../shared/params';
import { CliUsageError } from './errors';
import { parseLlmFlags, parseMarsFlags, type LlmCommand, type MarsCommand } from './mars-args';
import { parseHandoffFlags, type HandoffCommand } from './handoff-args';
import { parseCvFlags, type CvCommand } from './cv-command';
import { parseReformFlags, type ReformCommand } from './reform-args';
import { parseDiscoverFlags, parseFailuresFlags, type DiscoverCommand, type FailuresCommand } from './discover-args';
import { parseRobustnessFlags, type RobustnessCommand } from './robustness-args';
import { parsePolicyFlags, type PolicyCommand } from './policy-args';

export type ParsedCommand =
  | { name: 'help'; topic: CommandName | null }
  | { name: 'version' }
  | {
      name: 'import';
      json: boolean;
      project: string;
      file: string;
      format?: ImportFormat;
      mapping?: ColumnMapping;
      datasetName?: string;
      pkuPreference?: PkuPreference;
      split?: Split;
      ifImported?: 'ask' | 'resume' | 'skip' | 'new';
      skipCrossDuplicates?: boolean;
      validationShare?: number;
      splitSeed?: number;
    }
  | { name: 'stats'; json: boolean; project: string }
  | {
      name: 'export';
      json: boolean;
      project: string;
      out: string;
      shape?: ExportShape;
      filter: PairFilter;
      format?: ExportFormat;
      include?: ExportInclude;
      gzip: boolean;
      overwrite: boolean;
    }
  | { name: 'serve'; json: boolean; project: string; port: number; allow?: string[]; maxUploadMiB?: number }
  | { name: 'demo'; json: boolean; project: string; pairs?: number; seed?: number; labelNoise?: number }
  | { name: 'issues'; json: boolean; project: string; datasetId?: number; jobId?: string }
  | {
      name: 'train';
      json: boolean;
      project: string;
      options: { preset?: ModelPreset; epochs?: number; learningRate?: number; batchSize?: number; seed?: number; datasetId?: number; initFrom?: string; name?: string };
    }
  | { name: 'score'; json: boolean; project: string; modelId?: number }
  | {
      name: 'eval';
      json: boolean;
      project: string;
      file: string;
      modelId?: number;
      format?: ImportFormat;
      mapping?: ColumnMapping;
      pkuPreference?: PkuPreference;
    }
  | { name: 'models'; json: boolean; project: string }
  | HandoffCommand
  | { name: 'patch'; json: boolean; source: string; patch: string; out: string; overwrite: boolean }
  | MarsCommand
  | LlmCommand
  | { name: 'jobs'; json: boolean; project: string }
  | { name: 'resume'; json: boolean; project: string; job: string }
  | CvCommand
  | DiscoverCommand
  | FailuresCommand
  | RobustnessCommand
  | PolicyCommand
  | ReformCommand;

const MAPPING_KEYS = ['prompt', 'chosen', 'rejected'] as const;

/** `--if-imported`: what to do with a file imported before (`ask` is the default, not a flag value). */
const IfImported = z.enum(['resume', 'skip', 'new']);

/** `prompt=a,chosen=b,rejected=c` → ColumnMapping; every malformed entry is named in the error. */
export function parseMapping(text: string): ColumnMapping {
  const mapping: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw new CliUsageError(`malformed --map entry "${entry}": expected key=column`);
    const key = entry.slice(0, eq).trim();
    const column = entry.slice(eq + 1).trim();
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) {
      throw new CliUsageError(
        `unknown --map key "${key}" in "${entry}": expected ${MAPPING_KEYS.join(', ')}`,
      );
    }
    if (column === '') throw new CliUsageError(`malformed --map entry "${entry}": the column name is empty`);
    if (key in mapping) throw new CliUsageError(`--map names "${key}" twice`);
    mapping[key] = column;
  }
  const parsed = ColumnMapping.safeParse(mapping);
  if (!parsed.success)
    throw new CliUsageError(`--map "${text}" must name both the chosen and the rejected column`);
  return parsed.data;
}

/** parseArgs' own messages mention internals; this restates them with the command and the offending flag. */
function parseError(command: CommandName, err: unknown): CliUsageError {
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const code = (err as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new CliUsageError(`unknown option ${flag} for "${command}" (see prefstudio help ${command})`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return new CliUsageError(`option ${flag} needs a value`);
  return new CliUsageError(message);
}


function parseCommand(command: CommandName, argv: string[]): { values: Values; positionals: string[] } {
  const spec = COMMANDS[command];
  const options = Object.fromEntries(
    Object.entries(spec.flags).map(([name, flag]) => [name, { type: flag.type, ...('multiple' in flag ? { multiple: true } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (err) {
    throw parseError(command, err);
  }
}


/**
 * `--map`, required with `--format flat`: a flat file's columns have no agreed names, and without a mapping
 * every row would be rejected (an import that "succeeds" with an empty data set).
 */
function flatNeedsMap(values: Values): string | undefined {
  const map = str(values, 'map');
  if (str(values, 'format') === 'flat' && map === undefined)
    throw new CliUsageError('--format flat needs --map prompt=COLUMN,chosen=COLUMN,rejected=COLUMN');
  return map;
}

export function parseCli(argv: string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') return { name: 'help', topic: null };
  // Bare `prefstudio` is a usage mistake: run.ts prints the help on stderr and exits 2.
  if (first === undefined) throw new CliUsageError('a command is needed');
  if (first === '--version' || first === '-v') return { name: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { name: 'help', topic: null };
    if (!isCommandName(topic)) throw new CliUsageError(`unknown command "${topic}" (see prefstudio --help)`);
    return { name: 'help', topic };
  }
  if (!isCommandName(first)) {
    const what = first.startsWith('-') ? 'option' : 'command';
    throw new CliUsageError(`unknown ${what} "${first}" (see prefstudio --help)`);
  }
  const { values, positionals } = parseCommand(first, rest);
  if (values.help === true) return { name: 'help', topic: first };
  const wanted = COMMANDS[first].positionals as readonly string[];
  if (positionals.length < wanted.length) {
    const missing = wanted.slice(positionals.length).map((p) => `<${p}>`);
    throw new CliUsageError(`"${first}" needs ${missing.join(' ')} (see prefstudio help ${first})`);
  }
  if (first === 'patch') {
    const [action, source, patch, out] = positionals;
    if (action !== 'apply' || source === undefined || patch === undefined || out === undefined || positionals.length !== 4) {
      throw new CliUsageError('usage: prefstudio patch apply <source> <patch> <out>');
    }
    return { name: 'patch', json: values.json === true, source, patch, out, overwrite: values.force === true };
  }
  if (first === 'policy') return parsePolicyFlags(values, positionals);
  if (positionals.length > wanted.length) {
    throw new CliUsageError(`unexpected argument "${positionals[wanted.length]}" for "${first}"`);
  }
  const [project = '', second = ''] = positionals;
  const json = values.json === true;
  switch (first) {
    case 'import': {
      const map = flatNeedsMap(values);
      return {
        name: 'import',
        json,
        project,
        file: second,
        format: choice(ImportFormat, 'format', str(values, 'format')),
        mapping: map === undefined ? undefined : parseMapping(map),
        datasetName: str(values, 'name'),
        pkuPreference: choice(PkuPreference, 'pku-preference', str(values, 'pku-preference')),
        split: choice(Split, 'split', str(values, 'split')),
        ifImported: choice(IfImported, 'if-imported', str(values, 'if-imported')),
        skipCrossDuplicates: values['skip-cross-duplicates'] === true ? true : undefined,
        validationShare: param('validation-share', PARAMS.validationShare, str(values, 'validation-share')),
        splitSeed: param('split-seed', PARAMS.seed, str(values, 'split-seed')),
      };
    }
    case 'stats':
      return { name: 'stats', json, project };
    case 'export': {
      const filter: PairFilter = {
        datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
        origin: choice(Origin, 'origin', str(values, 'origin')),
        split: choice(Split, 'split', str(values, 'split')),
        search: str(values, 'search'),
      };
      const defined = Object.fromEntries(
        Object.entries(filter).filter(([, v]) => v !== undefined),
      ) as PairFilter;
      return {
        name: 'export',
        json,
        project,
        out: second,
        shape: choice(ExportShape, 'shape', str(values, 'shape')),
        filter: defined,
        format: values.patch === true ? 'patch' : choice(ExportFormat, 'format', str(values, 'format')),
        include: choice(ExportInclude, 'include', str(values, 'include')),
        gzip: values.gzip === true,
        overwrite: values.force === true,
      };
    }
    case 'serve':
      return {
        name: 'serve',
        json,
        project,
        port: param('port', PARAMS.port, str(values, 'port')) ?? PARAMS.port.default,
        allow: str(values, 'allow')?.split(',').filter((d) => d.trim() !== ''),
        maxUploadMiB: integer('max-upload', str(values, 'max-upload'), 1, 1024 * 1024),
      };
    case 'demo':
      return {
        name: 'demo',
        json,
        project,
        pairs: param('pairs', PARAMS.demoPairs, str(values, 'pairs')),
        seed: param('seed', PARAMS.demoSeed, str(values, 'seed')),
        labelNoise: param('label-noise', PARAMS.labelNoise, str(values, 'label-noise')),
      };
    case 'issues':
      return {
        name: 'issues',
        json,
        project,
        datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
        jobId: str(values, 'job'),
      };
    case 'train':
      return {
        name: 'train',
        json,
        project,
        options: {
          preset: choice(ModelPreset, 'preset', str(values, 'preset')),
          epochs: param('epochs', PARAMS.epochs, str(values, 'epochs')),
          learningRate: param('lr', PARAMS.learningRate, str(values, 'lr')),
          batchSize: param('batch-size', PARAMS.batchSize, str(values, 'batch-size')),
          seed: param('seed', PARAMS.seed, str(values, 'seed')),
          datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
          initFrom: str(values, 'init-from'),
          name: str(values, 'name'),
        },
      };
    case 'score':
      return { name: 'score', json, project, modelId: integer('model', str(values, 'model'), 1, ID_MAX) };
    case 'eval': {
      const map = flatNeedsMap(values);
      return {
        name: 'eval',
        json,
        project,
        file: second,
        modelId: integer('model', str(values, 'model'), 1, ID_MAX),
        format: choice(ImportFormat, 'format', str(values, 'format')),
        mapping: map === undefined ? undefined : parseMapping(map),
        pkuPreference: choice(PkuPreference, 'pku-preference', str(values, 'pku-preference')),
      };
    }
    case 'models':
      return { name: 'models', json, project };
    case 'mars':
      return parseMarsFlags(values, json, project);
    case 'llm':
      return parseLlmFlags(values, json, project);
    case 'jobs':
      return { name: 'jobs', json, project };
    case 'resume':
      return { name: 'resume', json, project, job: second };
    case 'handoff':
      return parseHandoffFlags(values, json, project, second);
    case 'cv':
      return parseCvFlags(values, json, project);
    case 'reform':
      return parseReformFlags(values, json, project);
    case 'discover':
      return parseDiscoverFlags(values, json, project);
    case 'failures':
      return parseFailuresFlags(values, json, project);
    case 'robustness':
      return parseRobustnessFlags(values, json, project);
  }
}

// Turns argv into one typed command (node:util parseArgs per command), naming the offending value on errors.
import { parseArgs } from 'node:util';
import {
  ColumnMapping,
  ExportShape,
  ImportFormat,
  ModelPreset,
  Origin,
  PkuPreference,
  Split,
  type PairFilter,
} from '../../shared/dto';
import { COMMANDS, isCommandName, type CommandName } from './commands-spec';
import { choice, decimal, ID_MAX, integer, str, type Values } from './arg-values';
import { CliUsageError } from './errors';
import { parseLlmFlags, parseMarsFlags, type LlmCommand, type MarsCommand } from './mars-args';
import { parseRobustnessFlags, type RobustnessCommand } from './robustness-args';

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
    }
  | { name: 'stats'; json: boolean; project: string }
  | { name: 'export'; json: boolean; project: string; out: string; shape?: ExportShape; filter: PairFilter }
  | { name: 'serve'; json: boolean; project: string; port: number }
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
  | MarsCommand
  | LlmCommand
  | RobustnessCommand;

const MAPPING_KEYS = ['prompt', 'chosen', 'rejected'] as const;

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


export function parseCli(argv: string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { name: 'help', topic: null };
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
  if (positionals.length > wanted.length) {
    throw new CliUsageError(`unexpected argument "${positionals[wanted.length]}" for "${first}"`);
  }
  const [project = '', second = ''] = positionals;
  const json = values.json === true;
  switch (first) {
    case 'import': {
      const map = str(values, 'map');
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
      };
    }
    case 'serve':
      return { name: 'serve', json, project, port: integer('port', str(values, 'port'), 0, 65535) ?? 0 };
    case 'demo':
      return {
        name: 'demo',
        json,
        project,
        pairs: integer('pairs', str(values, 'pairs'), 10, 200_000),
        seed: integer('seed', str(values, 'seed'), -(2 ** 31), 2 ** 31 - 1),
        labelNoise: decimal('label-noise', str(values, 'label-noise'), 0, 0.5),
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
          epochs: decimal('epochs', str(values, 'epochs'), 0.05, 100),
          learningRate: decimal('lr', str(values, 'lr'), 1e-7, 1),
          batchSize: integer('batch-size', str(values, 'batch-size'), 1, 1024),
          seed: integer('seed', str(values, 'seed'), -(2 ** 31), 2 ** 31 - 1),
          datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
          initFrom: str(values, 'init-from'),
          name: str(values, 'name'),
        },
      };
    case 'score':
      return { name: 'score', json, project, modelId: integer('model', str(values, 'model'), 1, ID_MAX) };
    case 'eval': {
      const map = str(values, 'map');
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
    case 'robustness':
      return parseRobustnessFlags(values, json, project);
  }
}

// `prefstudio --help` and `prefstudio help <command>`, generated from the command table.
import { COMMANDS, type CommandName, type CommandSpec } from './commands-spec';

export function generalHelp(version: string): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  const list = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join('\n');
  return [
    `prefstudio ${version}: curate preference data (prompt / chosen / rejected) for reward models, offline.`,
    '',
    'Usage: prefstudio <command> [options]',
    '',
    'Commands:',
    list,
    '',
    'Every command takes --json (one JSON document on stdout) and --help.',
    '--verbose adds why better ML backends (tensorflow-gpu, webgpu, tensorflow) were not used to the backend line,',
    'and the WebGPU probe\'s lines: its cost, the adapter it found and what the Vulkan driver printed meanwhile.',
    'Run `prefstudio help <command>` for its options. Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.',
    '',
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const flags = Object.entries(spec.flags).map(
    ([flag, f]) => [`--${flag}${f.value ? ` ${f.value}` : ''}`, f.doc] as const,
  );
  const width = Math.max(...flags.map(([left]) => left.length));
  return [
    `Usage: prefstudio ${name} ${spec.positionals.map((p) => `<${p}>`).join(' ')} [options]`,
    '',
    `${spec.summary[0]?.toUpperCase() ?? ''}${spec.summary.slice(1)}.`,
    '',
    'Options:',
    ...flags.map(([left, doc]) => `  ${left.padEnd(width)}  ${doc}`),
    '',
  ].join('\n');
}

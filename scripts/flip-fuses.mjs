// Flips the Electron fuses of a packaged app binary: `node scripts/flip-fuses.mjs <path to the Electron binary>`.
// Run it on the binary a package step produces (this repository has no packager yet); see docs/data-safety.md.
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { pathToFileURL } from 'node:url';

/**
 * Every fuse is named (strictlyRequireAllFuses), so an Electron upgrade that adds one fails here until it is decided.
 * - RunAsNode, NODE_OPTIONS and --inspect off: the signed app binary cannot be used as a general Node interpreter.
 * - Cookie encryption on.
 * - asar-only loading and asar integrity stay off while the app ships as a folder (no asar); turn both on with one.
 * - GrantFileProtocolExtraPrivileges off: the window loads the renderer from prefstudio://app/, never file://.
 */
export const APP_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

export function flipAppFuses(pathToElectron) {
  return flipFuses(pathToElectron, APP_FUSES);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: node scripts/flip-fuses.mjs <path to the Electron binary>\n');
    process.exitCode = 2;
  } else {
    await flipAppFuses(target);
    process.stdout.write(`fuses set on ${target}\n`);
  }
}

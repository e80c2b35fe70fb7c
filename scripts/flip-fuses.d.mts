// Types of scripts/flip-fuses.mjs for the TypeScript tests that import it.
import type { FuseV1Config } from '@electron/fuses';

export declare const APP_FUSES: FuseV1Config;
export declare function flipAppFuses(pathToElectron: string): Promise<void>;

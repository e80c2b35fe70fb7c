// Runs process-kind jobs (training, decoding) in an Electron utility process: Chromium's supported way to get a
// standalone Node.js child from the main process, which works even where the RunAsNode fuse is disabled.
import { utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import type { Launcher } from '../jobs/launcher';
import type { JobToHost } from '../jobs/protocol';

export const utilityLauncher: Launcher = (entry) => {
  const child = utilityProcess.fork(fileURLToPath(entry), [], { serviceName: 'Preference Studio job', stdio: 'inherit' });
  return {
    post: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: JobToHost) => l(m)),
    onExit: (l) => child.once('exit', (code) => l(code)),
    kill: () => void child.kill(),
  };
};

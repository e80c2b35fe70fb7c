// Renderer test setup: happy-dom has no canvas, so every test file draws charts with the recording fake uPlot.
import { vi } from 'vitest';

vi.mock('uplot', () => import('./fake-uplot'));

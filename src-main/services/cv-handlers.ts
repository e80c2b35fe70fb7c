// Handler of cross-validation: k-fold accuracy ± SE of presets side by side, as a job.
import type { HandlerTable } from './handler-types';

export const cvHandlers: Pick<HandlerTable, 'cv.start'> = {
  'cv.start': (p, ctx) => {
    ctx.project();
    return ctx.jobs().start('cv', { ...p });
  },
};

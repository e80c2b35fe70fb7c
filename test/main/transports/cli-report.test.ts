// The CLI's job report: result fields as labelled, formatted values, never raw JSON.
import { describe, expect, it } from 'vitest';
import { formatJobReport } from '../../../src-main/transports/cli/report';
import { fakeJob } from './fake-api';

describe('formatJobReport', () => {
  it('prints counts per key, lists and flags as text', () => {
    const text = formatJobReport(
      fakeJob({
        kind: 'export',
        state: 'done',
        result: {
          rows: 1208,
          byOrigin: { original: 1196, augmented: 12 },
          shapes: ['trl-standard', 'hh'],
          manifest: true,
          filter: {},
        },
      }),
    );
    expect(text).toContain('rows       1,208');
    expect(text).toContain('by origin  original 1,196 · augmented 12');
    expect(text).toContain('shapes     trl-standard, hh');
    expect(text).toContain('manifest   yes');
    expect(text).toContain('filter     none');
    expect(text).not.toMatch(/[{}"]/);
  });
});

// The Electron permission handlers (the binary cannot run here): every request, check and device permission
// is refused, and each refused request is logged.
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { denyAllPermissions } from '../../../src-main/electron/permissions';

type Handler = (...args: unknown[]) => unknown;

describe('renderer permissions', () => {
  it('refuses camera, notifications and every other request or check', () => {
    const installed: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (h: Handler) => (installed.request = h),
      setPermissionCheckHandler: (h: Handler) => (installed.check = h),
      setDevicePermissionHandler: (h: Handler) => (installed.device = h),
    };
    const logs: string[] = [];
    denyAllPermissions(session as Pick<Session, keyof typeof session> as Session, (l) => logs.push(l));
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      installed.request?.({}, permission, (granted: boolean) => answers.push(granted), { requestingUrl: 'file:///app/index.html' });
      expect(installed.check?.({}, permission, 'file:///app/index.html', {})).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(installed.device?.({ deviceType: 'usb' })).toBe(false);
    expect(logs[0]).toBe('refused permission "media" requested by file:///app/index.html');
  });
});

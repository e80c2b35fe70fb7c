// Web permissions for the renderer: the app needs none (no camera, microphone, location, notifications, MIDI…),
// so every request and every check is refused, whoever asks.
import type { Session } from 'electron';

/** Installs the deny-all handlers on a session; `log` hears each refused request (a renderer asking is unusual). */
export function denyAllPermissions(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    log(`refused permission "${permission}" requested by ${details.requestingUrl}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

// Window-level keyboard shortcuts that stay out of the way while the user types in a field.
import { onBeforeUnmount, onMounted } from 'vue';

export type ShortcutMap = Partial<Record<string, (event: KeyboardEvent) => void>>;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

/**
 * Calls `shortcuts[event.key]`. Inside text fields only Escape fires (so `/` and `j` can be typed); on buttons
 * Enter keeps its native meaning. Keys with Ctrl/Meta/Alt are left to the browser.
 */
export function handleShortcut(event: KeyboardEvent, shortcuts: ShortcutMap): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  const handler = shortcuts[event.key];
  if (handler === undefined) return false;
  if (event.key !== 'Escape' && isEditable(event.target)) return false;
  if (event.key === 'Enter' && isActivatable(event.target)) return false;
  event.preventDefault();
  handler(event);
  return true;
}

/** The keys every list moves its selection with: j/k and the arrows, one row down or up. */
export function moveKeys(move: (delta: number) => void): ShortcutMap {
  return { j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1) };
}

export function useKeyboard(shortcuts: () => ShortcutMap, options: { capture?: boolean } = {}): void {
  const listener = (event: KeyboardEvent) => handleShortcut(event, shortcuts());
  onMounted(() => window.addEventListener('keydown', listener, options.capture ?? false));
  onBeforeUnmount(() => window.removeEventListener('keydown', listener, options.capture ?? false));
}

// Mounting for component tests: a fresh Pinia per mount, attached to the document (the views' keyboard handlers
// listen there), unmounted and the document emptied after every test of the file that imports this.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach } from 'vitest';

let mounted: VueWrapper | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  document.body.replaceChildren();
});

/** Mounts `component` with its own Pinia; `prepare` runs once that Pinia is active, before the mount. */
export async function mountWith<T>(component: T, prepare?: () => Promise<unknown>): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  await prepare?.();
  mounted = mount(component as never, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return mounted;
}

/** A keydown as the user types it: bubbling and cancelable, on the body unless a target is given. */
export function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}

// A collapsible form asking for a file path: open/close with focus on the path field, and the native picker.
import { nextTick, ref, type Ref } from 'vue';
import { useStudioClient } from '../api';

export function usePathForm(onPicked?: (path: string) => void): {
  open: Ref<boolean>;
  path: Ref<string>;
  pathInput: Ref<HTMLInputElement | null>;
  /** Native dialogs exist only in Electron; in the browser the path is typed. */
  hasDialogs: boolean;
  toggle: () => Promise<void>;
  choose: () => Promise<void>;
} {
  const dialogs = useStudioClient().dialogs;
  const open = ref(false);
  const path = ref('');
  const pathInput = ref<HTMLInputElement | null>(null);

  async function toggle(): Promise<void> {
    open.value = !open.value;
    if (open.value) {
      await nextTick();
      pathInput.value?.focus();
    }
  }

  async function choose(): Promise<void> {
    const picked = await dialogs?.pickOpenPath('data');
    if (picked === null || picked === undefined) return;
    path.value = picked;
    onPicked?.(picked);
  }

  return { open, path, pathInput, hasDialogs: dialogs !== null, toggle, choose };
}

import { shallowReactive } from 'vue';
import type { RecentProject } from '../../src-core/contract/api';

/** One button of a choice dialog (the value comes back; Cancel or Esc give 'cancel'). */
export interface DialogChoice {
  value: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
}

/** The answer to "Save changes?" */
export type SaveChoice = 'save' | 'discard' | 'cancel';

export type DialogRequest =
  | { id: number; kind: 'error'; title: string; message: string; resolve: () => void }
  | { id: number; kind: 'confirm-save'; title: string; message: string; resolve: (r: SaveChoice) => void }
  | { id: number; kind: 'choice'; title: string; message: string; choices: DialogChoice[]; resolve: (r: string) => void }
  | {
      id: number;
      kind: 'path';
      mode: 'open' | 'save';
      title: string;
      message: string;
      value: string;
      okLabel: string;
      recent: RecentProject[];
      resolve: (path: string | undefined) => void;
    };

/**
 * Modal dialogs as promises: one is shown at a time (AppDialogs renders the first request), the
 * others wait their turn. The app never uses window.alert/confirm/prompt, which would block the
 * page and look foreign in Electron.
 */
export function createDialogs() {
  const queue = shallowReactive<DialogRequest[]>([]);
  let nextId = 1;

  function push<T>(make: (resolve: (v: T) => void, id: number) => DialogRequest): Promise<T> {
    return new Promise<T>((resolve) => {
      const id = nextId++;
      const req = make((v: T) => {
        const i = queue.findIndex((q) => q.id === id);
        if (i >= 0) queue.splice(i, 1);
        resolve(v);
      }, id);
      queue.push(req);
    });
  }

  return {
    queue,
    /** A message the user acknowledges (errors: what went wrong and, for files, the field path). */
    error(title: string, message: string): Promise<void> {
      return push<void>((resolve, id) => ({ id, kind: 'error', title, message, resolve: () => resolve() }));
    },
    /** Save / Don't Save / Cancel. */
    confirmSave(title: string, message: string): Promise<SaveChoice> {
      return push<SaveChoice>((resolve, id) => ({ id, kind: 'confirm-save', title, message, resolve }));
    },
    /** A question with its own buttons (and Cancel): resolves to the chosen value, or 'cancel'. */
    choose(title: string, message: string, choices: DialogChoice[]): Promise<string> {
      return push<string>((resolve, id) => ({ id, kind: 'choice', title, message, choices, resolve }));
    },
    /** A file path typed by the user (browser mode, where no native dialog exists); undefined when cancelled. */
    askPath(opts: { mode: 'open' | 'save'; title: string; message?: string; value?: string; okLabel?: string; recent?: RecentProject[] }): Promise<string | undefined> {
      return push<string | undefined>((resolve, id) => ({
        id,
        kind: 'path',
        mode: opts.mode,
        title: opts.title,
        message: opts.message ?? '',
        value: opts.value ?? '',
        okLabel: opts.okLabel ?? (opts.mode === 'open' ? 'Open' : 'Save'),
        recent: opts.recent ?? [],
        resolve,
      }));
    },
  };
}

export type Dialogs = ReturnType<typeof createDialogs>;

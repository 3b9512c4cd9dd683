import { onBeforeUnmount, onMounted } from 'vue';

/** Ctrl+Enter (⌘+Enter on macOS) runs, Esc cancels; active while the calling component is mounted. */
export function useShortcuts(handlers: { run: () => void; cancel: () => boolean }): void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      handlers.run();
    } else if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (handlers.cancel()) e.preventDefault();
    }
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

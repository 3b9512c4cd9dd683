import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Ctrl+Enter (⌘+Enter on macOS) runs, Esc cancels; active while the calling component is mounted
 * and `enabled` says so (a view kept alive but hidden does not react).
 */
export function useShortcuts(handlers: { run: () => void; cancel: () => boolean }, enabled: () => boolean = () => true): void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || !enabled()) return;
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

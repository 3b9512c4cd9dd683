import { ref } from 'vue';
import { LIGHT_COLORS, type ChartColors } from '../../src-core/figures/chart-options';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'nrlab.theme';

/** Bumped whenever the theme changes, so charts (which cannot read CSS) redraw in the new colours. */
export const themeRevision = ref(0);

export type { ChartColors } from '../../src-core/figures/chart-options';
const LIGHT = LIGHT_COLORS;

/** The colours charts draw with, read from the CSS variables of the current theme. */
export function chartColors(): ChartColors {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return LIGHT;
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--chart-ink', LIGHT.ink),
    axis: v('--chart-axis', LIGHT.axis),
    grid: v('--chart-grid', LIGHT.grid),
    tooltipBg: v('--chart-tooltip-bg', LIGHT.tooltipBg),
    tooltipBorder: v('--border-strong', LIGHT.tooltipBorder),
    panel: v('--panel', LIGHT.panel),
    error: v('--error', LIGHT.error),
  };
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedTheme(): Theme | null {
  try {
    const t = localStorage.getItem(STORAGE_KEY);
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

/**
 * Light or dark: the system's preference (prefers-color-scheme) until the user picks one with the
 * toggle, which is remembered.
 */
export function useTheme() {
  const theme = ref<Theme>(storedTheme() ?? systemTheme());

  function apply(): void {
    if (typeof document === 'undefined') return;
    const chosen = storedTheme();
    if (chosen) document.documentElement.dataset.theme = chosen;
    else delete document.documentElement.dataset.theme;
    themeRevision.value++;
  }

  function toggle(): void {
    choose(theme.value === 'dark' ? 'light' : 'dark');
  }

  /** Use `t` and remember it (as the toggle does; also the preference the backend keeps). */
  function choose(t: Theme): void {
    theme.value = t;
    try {
      localStorage.setItem(STORAGE_KEY, theme.value);
    } catch {
      // not remembered across sessions
    }
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme.value;
    themeRevision.value++;
  }

  apply();
  if (typeof matchMedia === 'function') {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener?.('change', () => {
      if (storedTheme()) return;
      theme.value = systemTheme();
      themeRevision.value++;
    });
  }
  return { theme, toggle, choose };
}

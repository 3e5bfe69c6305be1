import type { ESLint } from 'eslint';

export const LAYERS: Record<string, string[]>;
export function areaOf(file: string): { area: string; module: string } | undefined;
export function allowed(
  from: { area: string; module: string },
  to: { area: string; module: string },
): boolean;
declare const plugin: ESLint.Plugin;
export default plugin;

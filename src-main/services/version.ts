// Injected by the bundler from package.json (see scripts/build.mjs); the fallbacks serve tests run from source.
declare const __NRLAB_VERSION__: string | undefined;

export const APP_NAME = 'NR Lab';
export const APP_VERSION: string = typeof __NRLAB_VERSION__ === 'string' ? __NRLAB_VERSION__ : '0.0.0-dev';

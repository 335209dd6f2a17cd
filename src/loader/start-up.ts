// What the `ambix` command needs before the program is loaded, and the program uses too: built
// as dist/loader.cjs and shared by both (one copy, one exit listener for kept code).
export * from './cache-dir.js';
export * from './kept-code.js';

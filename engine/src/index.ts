export type * from './model/types.js';
export type * from './runtime/types.js';

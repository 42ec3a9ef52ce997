export * from './model.js';
export * from './schema.js';
export * from './permissions.js';
export * from './formats.js';
export * from './validate.js';

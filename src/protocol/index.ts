export * from './constants.js';
export * from './types.js';
export * from './errors.js';
export * from './email.js';

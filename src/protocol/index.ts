export * from './constants.js';
export * from './types.js';
export * from './errors.js';
export * from './management.js';
export * from './i18n.js';
export * from './languages.js';
export * from './email.js';
export * from './passkeys.js';

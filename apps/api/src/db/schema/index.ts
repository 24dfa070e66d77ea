export * from './auth.js';
export * from './tenancy.js';
export * from './system.js';
export * from './records.js';
export * from './sales.js';
export * from './activities.js';
export * from './idempotency.js';

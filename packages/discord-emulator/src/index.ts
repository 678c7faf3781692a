/** The package's public API: the emulator and its types, and the OpenAPI check the e2e harness reports with. */
export * from './emulator.js';
export { DISCORD_OPENAPI_FILE, formatViolation, loadSpecChecker } from './openapi-check.js';
export type { CheckedRequest, SpecViolation } from './openapi-check.js';

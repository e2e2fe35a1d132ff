// The scenario schema's validator, compiled at build time: scripts/build.mjs writes
// scenario/generated/scenario-validator.js (gitignored) with
// scripts/build-schema-validator.mjs before bundling. This gives it its type, so that type
// checking needs no build first.
declare module '*/generated/scenario-validator.js' {
  import type { ErrorObject } from 'ajv';

  /** Validates a scenario's plain value; on `false`, `errors` holds ajv's (verbose) errors. */
  interface ScenarioValidator {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
  }
  const validate: ScenarioValidator;
  export default validate;
}

/**
 * Types of `schema-validator.js`: the project JSON Schema (schema.ts) compiled by Ajv into a
 * standalone module at build time by scripts/gen-project-validator.mjs (not committed; every build
 * and test run writes it). Nothing compiles a schema at run time, so it also runs in the renderer,
 * whose Content-Security-Policy forbids code generation.
 */
import type { ErrorObject } from 'ajv';

export interface ProjectSchemaValidator {
  /** Whether `data` fits the schema; when it does not, `errors` lists every problem (allErrors). */
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validate: ProjectSchemaValidator;
export default validate;

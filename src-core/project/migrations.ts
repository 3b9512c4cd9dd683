/**
 * Migrations between project schema versions: `migrations.get(v)` turns a version-v document
 * into version v + 1 (the caller sets schemaVersion). Schema 1 is the first released version, so
 * there is none yet; every future schema change adds its step here, with a fixture of the old
 * version under test/fixtures/projects and a test that opens it.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

export const migrations = new Map<number, Migration>();

// Fails when prisma/schema.prisma and the migrated database disagree. Prisma's own `migrate diff`
// needs a native engine we cannot download, so this compares what the generated client knows
// (models, fields, nullability, lists, enums, keys) with what PostgreSQL really has.
import * as enums from '../../prisma/generated/client/enums';
import { getDatamodel } from '../../prisma/generated/pothos-types';
import { openDatabase, type Database } from '../../prisma/database';

const POSTGRES_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp with time zone',
  Json: 'jsonb',
};

interface Column {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
}

let db: Database;
let columns: Column[];
beforeAll(async () => {
  db = await openDatabase({ url: process.env.DATABASE_URL! });
  columns = await db.sql.query<Column>(
    `SELECT table_name, column_name, is_nullable, data_type, udt_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
});
afterAll(() => db?.close());

// The generated client's runtime data model knows the database names (@map/@@map); the Pothos
// datamodel knows nullability, lists and keys.
type RuntimeModels = Record<
  string,
  { dbName: string | null; fields: { name: string; dbName?: string | null }[] }
>;
const runtimeModels = () =>
  (db.prisma as unknown as { _runtimeDataModel: { models: RuntimeModels } })._runtimeDataModel.models;
const datamodel = getDatamodel().datamodel.models;

function expectedColumns() {
  const expected: Array<{ table: string; column: string; nullable: boolean; type: string }> = [];
  for (const [modelName, model] of Object.entries(datamodel)) {
    const runtime = runtimeModels()[modelName];
    const table = runtime.dbName ?? modelName;
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const dbName = runtime.fields.find((f) => f.name === field.name)?.dbName ?? field.name;
      const base = field.kind === 'enum' ? field.type : POSTGRES_TYPE[field.type];
      expected.push({
        table,
        column: dbName,
        nullable: !field.isRequired || field.isList,
        type: field.isList ? `${base}[]` : base,
      });
    }
  }
  return expected;
}

function actualType(c: Column): string {
  if (c.data_type === 'ARRAY') return `${c.udt_name === '_text' ? 'text' : c.udt_name.slice(1)}[]`;
  if (c.data_type === 'USER-DEFINED') return c.udt_name;
  return c.data_type;
}

test('every table and column of the schema exists in the database with the same type and nullability', () => {
  const actual = columns.map((c) => ({
    table: c.table_name,
    column: c.column_name,
    nullable: c.is_nullable === 'YES',
    type: actualType(c),
  }));
  const byKey = (rows: typeof actual) => rows.map((r) => JSON.stringify(r)).sort();
  expect(byKey(actual)).toEqual(byKey(expectedColumns()));
});

test('every enum of the schema has the same values in the database', async () => {
  const rows = await db.sql.query<{ name: string; value: string }>(
    `SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`,
  );
  const actual: Record<string, string[]> = {};
  for (const row of rows) (actual[row.name] ??= []).push(row.value);
  const expected = Object.fromEntries(
    Object.entries(enums).map(([name, values]) => [name, Object.values(values)]),
  );
  expect(actual).toEqual(expected);
});

test('primary keys and unique fields match', async () => {
  const rows = await db.sql.query<{ table_name: string; kind: string; columns: string[] }>(
    `SELECT tc.table_name, tc.constraint_type AS kind, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS columns
     FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name <> '_prisma_migrations'
     GROUP BY tc.table_name, tc.constraint_type`,
  );
  const uniqueIndexes = await db.sql.query<{ table_name: string; column_name: string }>(
    `SELECT t.relname AS table_name, a.attname AS column_name FROM pg_index i
     JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
     WHERE n.nspname = 'public' AND i.indisunique AND NOT i.indisprimary AND i.indnatts = 1`,
  );
  for (const [modelName, model] of Object.entries(datamodel)) {
    const runtime = runtimeModels()[modelName];
    const table = runtime.dbName ?? modelName;
    const dbName = (name: string) => runtime.fields.find((f) => f.name === name)?.dbName ?? name;
    const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    expect({ table, pk: rows.find((r) => r.table_name === table)?.columns }).toEqual({
      table,
      pk: pk.map(dbName),
    });
    for (const field of model.fields.filter((f) => f.isUnique)) {
      expect(uniqueIndexes).toContainEqual({ table_name: table, column_name: dbName(field.name) });
    }
  }
});

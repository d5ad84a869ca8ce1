// The catalog over the real API: agencies and versioned procedure definitions, and definitions that
// are refused with errors pointing at the faulty step. The database is shared by every test file of
// the run, so every code made here is unique and no test assumes an empty table.
import { randomBytes } from 'node:crypto';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const AGENCIES = /* GraphQL */ `
  query {
    agencies {
      code
      name
      level
      parentCode
      endpointUrl
      parent {
        code
      }
      children {
        code
      }
    }
  }
`;
const UPSERT_AGENCY = /* GraphQL */ `
  mutation Upsert($input: UpsertAgencyInput!) {
    upsertAgency(input: $input) {
      code
      name
      level
      parentCode
      parent {
        code
      }
    }
  }
`;
const PROCEDURE_FIELDS = /* GraphQL */ `
  code version name field level onlineLevel feeVnd totalWorkingDays receivingAgencyCode currentVersion
  steps { key name agencyCode workingDays mode after kind description }
  versions { version createdAt }
  policy { warningBeforeWorkingDays escalationLevel2AfterWorkingDays maxSupplementWaitWorkingDays }`;
const PROCEDURES = /* GraphQL */ `
  query List($filter: ProcedureFilter) { procedures(filter: $filter) { ${PROCEDURE_FIELDS} } }`;
const PROCEDURE = /* GraphQL */ `
  query One($code: String!, $version: Int) { procedure(code: $code, version: $version) { ${PROCEDURE_FIELDS} } }`;
const PROBLEMS = /* GraphQL */ `
  query ($input: ProcedureInput!) {
    procedureProblems(input: $input) {
      path
      code
      message
    }
  }
`;
const UPSERT_PROCEDURE = /* GraphQL */ `
  mutation Upsert($input: ProcedureInput!) {
    upsertProcedure(input: $input) {
      version
      created
      procedure {
        code
        version
        currentVersion
        totalWorkingDays
        steps {
          key
        }
      }
    }
  }
`;

const LEVEL_ORDER = ['COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL'];

let engine: EngineHarness;
// Administrators maintain the calendar and the catalog; reads need any key.
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  engine.graphql(query, variables, engine.adminKey);
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const suffix = () => randomBytes(4).toString('hex').toUpperCase();

/** A two-step district procedure: the district decides, then the tax branch issues the tax code. */
function definition(code: string, field: string) {
  return {
    code,
    name: 'Thủ tục thử nghiệm',
    field,
    level: 'DISTRICT',
    onlineLevel: 'PARTIAL',
    feeVnd: 50_000,
    totalWorkingDays: 5,
    receivingAgencyCode: 'UBND_H_AN_PHU',
    steps: [
      {
        key: 'tham-dinh',
        name: 'Thẩm định hồ sơ',
        agencyCode: 'UBND_H_AN_PHU',
        workingDays: 3,
        mode: 'MANUAL',
      },
      {
        key: 'cap-ma-so-thue',
        name: 'Cấp mã số thuế',
        agencyCode: 'CCT_AN_PHU',
        workingDays: 2,
        mode: 'SYSTEM',
        after: ['tham-dinh'],
      },
    ],
  };
}

describe('agencies', () => {
  test('the sample agencies are listed by level then code, with their hierarchy', async () => {
    const { data, errors } = await asAdmin(AGENCIES);
    expect(errors).toBeUndefined();
    const agencies: any[] = data.agencies;
    expect(agencies.length).toBeGreaterThanOrEqual(10);
    const keys = agencies.map((a) => [LEVEL_ORDER.indexOf(a.level), a.code]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
    const district = agencies.find((a) => a.code === 'UBND_H_AN_PHU');
    expect(district).toMatchObject({
      level: 'DISTRICT',
      parentCode: 'UBND_TINH',
      parent: { code: 'UBND_TINH' },
    });
    expect(district.children.map((c: any) => c.code)).toEqual(
      expect.arrayContaining(['UBND_XA_PHU_HOA', 'UBND_XA_TAN_LAP']),
    );
    expect(district.endpointUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/); // the simulator seeded by the harness
  });

  test('upsertAgency creates and then updates an agency under an existing parent', async () => {
    const code = `T_${suffix()}`;
    const created = await asAdmin(UPSERT_AGENCY, {
      input: { code, name: 'Phòng thử nghiệm', level: 'COMMUNE', parentCode: 'UBND_H_AN_PHU' },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.upsertAgency).toEqual({
      code,
      name: 'Phòng thử nghiệm',
      level: 'COMMUNE',
      parentCode: 'UBND_H_AN_PHU',
      parent: { code: 'UBND_H_AN_PHU' },
    });
    const renamed = await asAdmin(UPSERT_AGENCY, {
      input: { code, name: 'Phòng thử nghiệm (mới)', level: 'COMMUNE' },
    });
    expect(renamed.data.upsertAgency).toMatchObject({
      name: 'Phòng thử nghiệm (mới)',
      parentCode: null,
      parent: null,
    });
    const { data } = await asAdmin(AGENCIES);
    expect(data.agencies.filter((a: any) => a.code === code)).toHaveLength(1);
  });

  test('upsertAgency refuses a code with "-" and an unknown parent, and saves nothing', async () => {
    const bad = `T-${suffix()}`;
    const badCode = await asAdmin(UPSERT_AGENCY, { input: { code: bad, name: 'X', level: 'COMMUNE' } });
    expect(badCode.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(badCode.errors?.[0].message).toMatch(/^code: /);
    const orphan = `T_${suffix()}`;
    const unknownParent = await asAdmin(UPSERT_AGENCY, {
      input: { code: orphan, name: 'X', level: 'COMMUNE', parentCode: 'NO_SUCH_AGENCY' },
    });
    expect(unknownParent.errors?.[0].extensions.code).toBe('AGENCY_NOT_FOUND');
    expect(unknownParent.errors?.[0].message).toMatch(/^parentCode: /);
    expect(await engine.db.prisma.agency.count({ where: { code: { in: [bad, orphan] } } })).toBe(0);
  });
});

describe('procedures', () => {
  test('the sample procedures are listed with their steps', async () => {
    const { data, errors } = await asAdmin(PROCEDURES);
    expect(errors).toBeUndefined();
    const samples = data.procedures.filter((p: any) => /^\d\.\d{6}$/.test(p.code));
    expect(samples.length).toBeGreaterThanOrEqual(8);
    for (const p of samples) {
      expect(p.steps.length).toBeGreaterThan(0);
      expect(p.version).toBe(p.currentVersion);
    }
    expect(data.procedures.find((p: any) => p.code === '2.000720')).toMatchObject({
      onlineLevel: 'FULL',
      totalWorkingDays: 3,
      receivingAgencyCode: 'UBND_H_AN_PHU',
      steps: [
        {
          key: 'dang-ky-ho-kinh-doanh',
          agencyCode: 'UBND_H_AN_PHU',
          mode: 'SYSTEM',
          after: [],
          kind: 'PROCESS',
        },
        { key: 'cap-ma-so-thue', agencyCode: 'CCT_AN_PHU', mode: 'SYSTEM', after: ['dang-ky-ho-kinh-doanh'] },
      ],
    });
    const online = await asAdmin(PROCEDURES, {
      filter: { onlineLevel: 'FULL', receivingAgencyCode: 'UBND_H_AN_PHU' },
    });
    expect(online.data.procedures.length).toBeGreaterThan(0);
    expect(
      online.data.procedures.every(
        (p: any) => p.onlineLevel === 'FULL' && p.receivingAgencyCode === 'UBND_H_AN_PHU',
      ),
    ).toBe(true);
  });

  test('a changed definition becomes version 2, an identical one creates nothing, version 1 stays readable', async () => {
    const code = `T.${suffix()}`;
    const field = `Thử nghiệm ${code}`;
    const v1 = await asAdmin(UPSERT_PROCEDURE, { input: definition(code, field) });
    expect(v1.errors).toBeUndefined();
    expect(v1.data.upsertProcedure).toMatchObject({
      version: 1,
      created: true,
      procedure: { code, version: 1, currentVersion: 1 },
    });

    const same = await asAdmin(UPSERT_PROCEDURE, { input: definition(code, field) });
    expect(same.data.upsertProcedure).toMatchObject({ version: 1, created: false });

    const changed = definition(code, field);
    changed.totalWorkingDays = 7;
    changed.steps.push({
      key: 'tra-ket-qua',
      name: 'Trả kết quả',
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 1,
      mode: 'MANUAL',
      after: ['cap-ma-so-thue'],
    });
    const v2 = await asAdmin(UPSERT_PROCEDURE, { input: changed });
    expect(v2.data.upsertProcedure).toMatchObject({
      version: 2,
      created: true,
      procedure: { version: 2, totalWorkingDays: 7 },
    });

    const current = await asAdmin(PROCEDURE, { code });
    expect(current.data.procedure).toMatchObject({
      version: 2,
      currentVersion: 2,
      totalWorkingDays: 7,
      field,
      level: 'DISTRICT',
      feeVnd: 50_000,
    });
    expect(current.data.procedure.steps.map((s: any) => s.key)).toEqual([
      'tham-dinh',
      'cap-ma-so-thue',
      'tra-ket-qua',
    ]);
    expect(current.data.procedure.versions.map((v: any) => v.version)).toEqual([1, 2]);
    expect(current.data.procedure.policy).toEqual({
      warningBeforeWorkingDays: 1,
      escalationLevel2AfterWorkingDays: 1,
      maxSupplementWaitWorkingDays: 30,
    });

    const first = await asAdmin(PROCEDURE, { code, version: 1 });
    expect(first.data.procedure).toMatchObject({ version: 1, currentVersion: 2, totalWorkingDays: 5 });
    expect(first.data.procedure.steps.map((s: any) => s.key)).toEqual(['tham-dinh', 'cap-ma-so-thue']);
    expect((await asAdmin(PROCEDURE, { code, version: 3 })).data.procedure).toBeNull();
    expect((await asAdmin(PROCEDURE, { code: `NO.${suffix()}` })).data.procedure).toBeNull();

    // The list shows the current version only; the filter finds it by its unique field.
    const listed = await asAdmin(PROCEDURES, { filter: { field } });
    expect(listed.data.procedures.map((p: any) => [p.code, p.version])).toEqual([[code, 2]]);
  });

  test('invalid definitions are refused with errors that point at the faulty step, and nothing is written', async () => {
    const existing = `T.${suffix()}`;
    expect(
      (await asAdmin(UPSERT_PROCEDURE, { input: definition(existing, 'Thử nghiệm') })).errors,
    ).toBeUndefined();

    const variants: [string, (d: ReturnType<typeof definition>) => void, { path: string; code: string }][] = [
      [
        'cycle',
        (d) => void (d.steps[0] = { ...d.steps[0], after: ['cap-ma-so-thue'] } as any),
        { path: 'steps[0].after[0]', code: 'CYCLE' },
      ],
      [
        'unknown agency',
        (d) => void (d.steps[1].agencyCode = 'NO_SUCH_AGENCY'),
        { path: 'steps[1].agencyCode', code: 'UNKNOWN_AGENCY' },
      ],
      [
        'unknown after',
        (d) => void (d.steps[1].after = ['no-such-step']),
        { path: 'steps[1].after[0]', code: 'UNKNOWN_STEP' },
      ],
      [
        'over budget',
        (d) => void (d.steps[1].workingDays = 2.5),
        { path: 'steps[1]', code: 'CRITICAL_PATH_EXCEEDS_BUDGET' },
      ],
    ];
    const fresh = `T.${suffix()}`;
    for (const code of [existing, fresh]) {
      for (const [what, spoil, expected] of variants) {
        const input = definition(code, 'Thử nghiệm');
        spoil(input);
        const { data, errors } = await asAdmin(UPSERT_PROCEDURE, { input });
        expect({ what, code: errors?.[0].extensions.code }).toEqual({ what, code: 'VALIDATION_FAILED' });
        const reported: any[] = errors?.[0].extensions.details.errors ?? [];
        expect({ what, reported }).toEqual({
          what,
          reported: expect.arrayContaining([expect.objectContaining(expected)]),
        });
        expect(errors?.[0].message).toContain(`${expected.path}: `);
        expect(data?.upsertProcedure ?? null).toBeNull();
        // The editor's check finds the very same problems, and saves nothing either.
        const checked = await asAdmin(PROBLEMS, { input });
        expect(checked.errors).toBeUndefined();
        expect({ what, problems: checked.data.procedureProblems }).toEqual({
          what,
          problems: reported.map(({ path, code, message }) => ({ path, code, message })),
        });
      }
    }
    const sound = await asAdmin(PROBLEMS, { input: definition(fresh, 'Thử nghiệm') });
    expect(sound.data.procedureProblems).toEqual([]);
    expect(await engine.db.prisma.procedureVersion.count({ where: { procedureCode: existing } })).toBe(1);
    expect(await engine.db.prisma.procedure.count({ where: { code: fresh } })).toBe(0);
    const { data } = await asAdmin(PROCEDURE, { code: existing });
    expect(data.procedure).toMatchObject({ version: 1, currentVersion: 1, totalWorkingDays: 5 });
  });
});

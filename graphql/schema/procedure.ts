// The procedure catalog. A GraphQL `Procedure` is one *version* of a procedure (a `ProcedureVersion`
// row): every field comes from that version's stored definition, so `procedure(code, version: 1)`
// shows version 1 whole, and a dossier can later show exactly the version it started with.
import { currentProcedureVersion, currentProcedureVersions } from '../../prisma/read-model/catalog';
import { procedureProblems, upsertProcedure } from '../../services/catalog/procedures';
import type {
  DocumentComponent,
  ProcedureDefinition,
  ProcedureError,
  ProcedurePolicy,
  StepDefinition,
} from '../../domain/procedure/types';
import { builder } from '../builder';
import { AdminLevelEnum, OnlineLevelEnum, StepKindEnum, StepModeEnum } from './enums';

/** Stored definitions were validated on the way in (services/catalog/procedures.ts), so the JSON has this shape. */
const definitionOf = (version: { definition: unknown }) => version.definition as ProcedureDefinition;

const ProcedureStep = builder.objectRef<StepDefinition>('ProcedureStep').implement({
  fields: (t) => ({
    key: t.exposeString('key', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    workingDays: t.exposeFloat('workingDays', { nullable: false }),
    mode: t.expose('mode', { type: StepModeEnum, nullable: false }),
    after: t.exposeStringList('after', {
      nullable: false,
      description: 'Steps that must finish first; empty: starts at once.',
    }),
    kind: t.expose('kind', { type: StepKindEnum, nullable: false }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const ProcedurePolicyRef = builder.objectRef<ProcedurePolicy>('ProcedurePolicy').implement({
  fields: (t) => ({
    warningBeforeWorkingDays: t.exposeFloat('warningBeforeWorkingDays', { nullable: false }),
    escalationLevel2AfterWorkingDays: t.exposeFloat('escalationLevel2AfterWorkingDays', { nullable: false }),
    maxSupplementWaitWorkingDays: t.exposeFloat('maxSupplementWaitWorkingDays', { nullable: false }),
  }),
});

const ProcedureComponent = builder.objectRef<DocumentComponent>('ProcedureComponent').implement({
  description: 'A document component (thành phần hồ sơ) and the copies expected of each kind.',
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    required: t.exposeBoolean('required', { nullable: false }),
    originals: t.exposeInt('originals', { nullable: false, description: 'Bản chính.' }),
    certifiedCopies: t.exposeInt('certifiedCopies', {
      nullable: false,
      description: 'Bản sao có chứng thực.',
    }),
    photocopies: t.exposeInt('photocopies', { nullable: false, description: 'Bản sao (photocopy).' }),
  }),
});

const ProcedureVersionInfo = builder
  .objectRef<{ version: number; createdAt: Date }>('ProcedureVersionInfo')
  .implement({
    fields: (t) => ({
      version: t.exposeInt('version', { nullable: false }),
      createdAt: t.expose('createdAt', { type: 'DateTime', nullable: false }),
    }),
  });

const Procedure = builder.prismaObject('ProcedureVersion', {
  name: 'Procedure',
  fields: (t) => ({
    code: t.exposeString('procedureCode', { nullable: false }),
    version: t.exposeInt('version', { nullable: false, description: 'The version shown here.' }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      nullable: false,
      description: 'When this version was saved.',
    }),
    name: t.string({ nullable: false, resolve: (v) => definitionOf(v).name }),
    field: t.string({ nullable: true, resolve: (v) => definitionOf(v).field }),
    level: t.field({ type: AdminLevelEnum, nullable: true, resolve: (v) => definitionOf(v).level }),
    onlineLevel: t.field({
      type: OnlineLevelEnum,
      nullable: false,
      resolve: (v) => definitionOf(v).onlineLevel,
    }),
    feeVnd: t.int({ nullable: true, resolve: (v) => definitionOf(v).feeVnd }),
    description: t.string({ nullable: true, resolve: (v) => definitionOf(v).description }),
    totalWorkingDays: t.float({ nullable: false, resolve: (v) => definitionOf(v).totalWorkingDays }),
    criticalPathWorkingDays: t.float({
      nullable: false,
      resolve: (v) => definitionOf(v).criticalPathWorkingDays,
    }),
    receivingAgencyCode: t.string({ nullable: false, resolve: (v) => definitionOf(v).receivingAgencyCode }),
    steps: t.field({ type: [ProcedureStep], nullable: false, resolve: (v) => definitionOf(v).steps }),
    policy: t.field({ type: ProcedurePolicyRef, nullable: false, resolve: (v) => definitionOf(v).policy }),
    components: t.field({
      type: [ProcedureComponent],
      nullable: false,
      resolve: (v) => definitionOf(v).components ?? [],
    }),
    currentVersion: t.int({
      nullable: false,
      select: { procedure: { select: { currentVersion: true } } },
      resolve: (v) => v.procedure.currentVersion,
    }),
    versions: t.field({
      type: [ProcedureVersionInfo],
      nullable: false,
      select: {
        procedure: {
          select: { versions: { select: { version: true, createdAt: true }, orderBy: { version: 'asc' } } },
        },
      },
      resolve: (v) => v.procedure.versions,
    }),
  }),
});

const ProcedureFilter = builder.inputType('ProcedureFilter', {
  fields: (t) => ({
    field: t.string(),
    receivingAgencyCode: t.string(),
    onlineLevel: t.field({ type: OnlineLevelEnum }),
  }),
});

builder.queryField('procedures', (t) =>
  t.prismaField({
    authScopes: { authenticated: true },
    type: [Procedure],
    nullable: false,
    description: 'The current version of each procedure, by code.',
    args: { filter: t.arg({ type: ProcedureFilter }) },
    resolve: async (query, _root, { filter }, ctx) => {
      const current = await currentProcedureVersions(ctx.prisma, {
        field: filter?.field ?? undefined,
        receivingAgencyCode: filter?.receivingAgencyCode ?? undefined,
        onlineLevel: filter?.onlineLevel ?? undefined,
      });
      if (current.length === 0) return [];
      return ctx.prisma.procedureVersion.findMany({
        ...query,
        where: { OR: current.map((p) => ({ procedureCode: p.code, version: p.currentVersion })) },
        orderBy: { procedureCode: 'asc' },
      });
    },
  }),
);

builder.queryField('procedure', (t) =>
  t.prismaField({
    authScopes: { authenticated: true },
    type: Procedure,
    nullable: true,
    args: {
      code: t.arg.string({ required: true }),
      version: t.arg.int({ description: 'Default: the current version.' }),
    },
    resolve: async (query, _root, { code, version }, ctx) => {
      const wanted = version ?? (await currentProcedureVersion(ctx.prisma, code));
      if (wanted == null) return null;
      return ctx.prisma.procedureVersion.findUnique({
        ...query,
        where: { procedureCode_version: { procedureCode: code, version: wanted } },
      });
    },
  }),
);

const StepInput = builder.inputType('StepInput', {
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'a-z first, then a-z, 0-9, "_" or "-"; unique in the procedure.',
    }),
    name: t.string({ required: true }),
    agencyCode: t.string({ required: true }),
    workingDays: t.float({ required: true, description: 'Share of the budget, in half days.' }),
    mode: t.field({ type: StepModeEnum, required: true }),
    after: t.stringList({ description: 'Keys of the steps that must finish first; absent: starts at once.' }),
    kind: t.field({ type: StepKindEnum, description: 'Default PROCESS.' }),
    description: t.string(),
  }),
});

const ProcedurePolicyInput = builder.inputType('ProcedurePolicyInput', {
  fields: (t) => ({
    warningBeforeWorkingDays: t.float({ description: 'Default 1; 0 turns the warning off.' }),
    escalationLevel2AfterWorkingDays: t.float({ description: 'Default 1.' }),
    maxSupplementWaitWorkingDays: t.float({ description: 'Default 30.' }),
  }),
});

const ComponentInput = builder.inputType('ComponentInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'Unique in the procedure; submissions name it.' }),
    name: t.string({ required: true }),
    required: t.boolean({ description: 'Default true: reception refuses a dossier without it.' }),
    originals: t.int({ description: 'Bản chính expected (default 0).' }),
    certifiedCopies: t.int({ description: 'Bản sao có chứng thực expected (default 0).' }),
    photocopies: t.int({ description: 'Bản sao expected (default 0).' }),
  }),
});

const ProcedureInput = builder.inputType('ProcedureInput', {
  fields: (t) => ({
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    onlineLevel: t.field({ type: OnlineLevelEnum, required: true }),
    totalWorkingDays: t.float({ required: true }),
    receivingAgencyCode: t.string({ required: true }),
    steps: t.field({ type: [StepInput], required: true }),
    field: t.string(),
    level: t.field({ type: AdminLevelEnum }),
    feeVnd: t.int(),
    description: t.string(),
    policy: t.field({ type: ProcedurePolicyInput }),
    components: t.field({ type: [ComponentInput], description: 'Thành phần hồ sơ.' }),
  }),
});

const UpsertProcedurePayload = builder
  .objectRef<{ code: string; version: number; created: boolean }>('UpsertProcedurePayload')
  .implement({
    fields: (t) => ({
      procedure: t.prismaField({
        type: Procedure,
        nullable: false,
        resolve: (query, saved, _args, ctx) =>
          ctx.prisma.procedureVersion.findUniqueOrThrow({
            ...query,
            where: { procedureCode_version: { procedureCode: saved.code, version: saved.version } },
          }),
      }),
      version: t.exposeInt('version', { nullable: false }),
      created: t.exposeBoolean('created', {
        nullable: false,
        description: 'false: identical to the current version, nothing saved.',
      }),
    }),
  });

const ProcedureProblem = builder.objectRef<ProcedureError>('ProcedureProblem').implement({
  description: 'One thing wrong with a definition: where, a stable code, and words for API users.',
  fields: (t) => ({
    path: t.exposeString('path', {
      nullable: false,
      description: 'e.g. `steps[2].after[0]`; empty: the definition as a whole.',
    }),
    code: t.exposeString('code', {
      nullable: false,
      description:
        'INVALID_FIELD, INVALID_TEXT, NO_STEPS, DUPLICATE_STEP_KEY, DUPLICATE_COMPONENT_CODE, DUPLICATE_DEPENDENCY, ' +
        'UNKNOWN_STEP, SELF_DEPENDENCY, CYCLE, UNREACHABLE_STEP, UNKNOWN_AGENCY or CRITICAL_PATH_EXCEEDS_BUDGET.',
    }),
    message: t.exposeString('message', { nullable: false }),
  }),
});

builder.queryField('procedureProblems', (t) =>
  t.field({
    authScopes: { admin: true },
    type: [ProcedureProblem],
    nullable: false,
    description:
      "What upsertProcedure would refuse in this definition, every problem at once; empty: it would publish. Saves nothing (the editor's check).",
    args: { input: t.arg({ type: ProcedureInput, required: true }) },
    resolve: (_root, { input }, ctx) => procedureProblems(ctx.prisma, input),
  }),
);

builder.mutationField('upsertProcedure', (t) =>
  t.field({
    authScopes: { admin: true },
    type: UpsertProcedurePayload,
    nullable: false,
    description:
      'Validates the definition and saves it as a new version unless identical to the current one.',
    args: { input: t.arg({ type: ProcedureInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { procedure, version, created } = await upsertProcedure(ctx.prisma, input);
      return { code: procedure.code, version, created };
    },
  }),
);

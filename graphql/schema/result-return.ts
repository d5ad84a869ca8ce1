// Handing the result back at the one-stop desk: `recordResultReturned` (services/handover/).
import { recordResultReturned } from '../../services/handover/record-result-returned';
import { MAX_RETURNED_TO_LENGTH } from '../../domain/handover/result-return';
import { builder } from '../builder';

const RecordResultReturnedInput = builder.inputType('RecordResultReturnedInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    returnedTo: t.string({
      required: true,
      description: `Who collected the result: the applicant or the person they sent (at most ${MAX_RETURNED_TO_LENGTH} characters).`,
    }),
    returnedAt: t.field({
      type: 'DateTime',
      description:
        'When it was handed over; now when absent. Not in the future, not before the dossier closed.',
    }),
  }),
});

builder.mutationField('recordResultReturned', (t) =>
  t.prismaField({
    type: 'Dossier',
    description:
      'Records that the result of a closed dossier (COMPLETED, REFUSED or STOPPED) was handed back: when and to whom. ' +
      "Only the desk of the agency that received it (DESK) or an administrator. Recorded in the dossier's trail as " +
      'RESULT_RETURNED and reported to the national portal (code 10 by default). The same record again answers the ' +
      'dossier unchanged; a different one: RESULT_ALREADY_RETURNED. Not closed yet: INVALID_TRANSITION.',
    authScopes: { desk: true, admin: true },
    args: { input: t.arg({ type: RecordResultReturnedInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { code } = await recordResultReturned(
        { prisma: ctx.prisma, sql: ctx.sql, principal: ctx.principal, live: ctx.live },
        input,
      );
      return ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code } });
    },
  }),
);

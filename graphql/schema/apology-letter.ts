// An apology letter: the agency that made a dossier late promises a new date (Dossier.apologies).
import { builder } from '../builder';

builder.prismaObject('ApologyLetter', {
  fields: (t) => ({
    id: t.exposeString('id', { nullable: false }),
    stepKey: t.exposeString('stepKey', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    reason: t.exposeString('reason', { nullable: false }),
    previousDueAt: t.expose('previousDueAt', { type: 'DateTime', nullable: false }),
    newDueAt: t.expose('newDueAt', { type: 'DateTime', nullable: false }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime', nullable: false }),
  }),
});

// Imports every file that adds to the schema, then builds it.
import { builder } from '../builder';
import './enums';
import './dossier';
import './escalation';
import './api-key';
import './dossier-actions';
import './calendar';
import './agency';
import './procedure';
import './statistics';
import './live';

export const schema = builder.toSchema({ sortSchema: true });

// Imports every file that adds to the schema, then builds it.
import { builder } from '../builder';
import './enums';
import './dossier';
import './api-key';
import './dossier-actions';
import './calendar';
import './agency';
import './procedure';

export const schema = builder.toSchema({ sortSchema: true });

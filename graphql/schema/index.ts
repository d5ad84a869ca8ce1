// Imports every file that adds to the schema, then builds it.
import { builder } from '../builder';
import './enums';
import './dossier';

export const schema = builder.toSchema({ sortSchema: true });

// Imports every file that adds to the schema, then builds it.
import { builder } from '../builder';
import './enums';
import './dossier';
import './dossier-step';
import './apology-letter';
import './public-tracking';
import './submission';
import './dossier-actions';
import './result-return';
import './escalation';
import './agency';
import './procedure';
import './calendar';
import './api-key';
import './account';
import './principal';
import './statistics';
import './national-sync';
import './indicators-766';
import './live';

export const schema = builder.toSchema({ sortSchema: true });

// Failures carry messages and stack traces that can quote what they failed on (an agency system's
// answer, a database error echoing a value). With common attributes encoded, both travel as a
// payload, so the payload codec encrypts them like any other; the visible message is "Encoded
// failure". Loaded by path (`failureConverterPath`): workers bundle it into the workflow code, where
// failures of updates and workflows are made, and clients and activities load it too.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

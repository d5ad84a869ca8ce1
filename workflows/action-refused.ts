// An agency or officer action the dossier's state does not allow. The workflow turns it into an
// ApplicationFailure whose type is the code, so the API can answer with the same code.
import type { ActionRefusalCode } from '../domain/errors';

export class ActionRefused extends Error {
  override name = 'ActionRefused';
  constructor(
    readonly code: ActionRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export function refuse(code: ActionRefusalCode, message: string): never {
  throw new ActionRefused(code, message);
}

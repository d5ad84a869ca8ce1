// Our own Pothos plugins, registered by name on import as Pothos's own plugins are; the builder
// lists them by these names (graphql/builder.ts).
import SchemaBuilder, { type SchemaTypes } from '@pothos/core';
import { ConnectionArgumentErrorsPlugin } from './connection-argument-errors';
import { WellFormedInputPlugin } from './well-formed-input';

declare global {
  // Pothos registers plugins by augmenting its global namespace.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      wellFormedInput: WellFormedInputPlugin<Types>;
      connectionArgumentErrors: ConnectionArgumentErrorsPlugin<Types>;
    }
  }
}

export const wellFormedInput = 'wellFormedInput';
export const connectionArgumentErrors = 'connectionArgumentErrors';
SchemaBuilder.registerPlugin(wellFormedInput, WellFormedInputPlugin);
SchemaBuilder.registerPlugin(connectionArgumentErrors, ConnectionArgumentErrorsPlugin);

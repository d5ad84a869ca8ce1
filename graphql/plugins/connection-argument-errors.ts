// Pothos reports a caller's bad connection arguments (an unparsable cursor, a negative `first`,
// `first` with `before`) as PothosValidationError, which the API would mask as an unexpected error.
// On connection fields they are the caller's mistake: answered as VALIDATION_FAILED.
import {
  BasePlugin,
  isThenable,
  PothosValidationError,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { DomainError } from '../../domain/errors';

export class ConnectionArgumentErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!('after' in fieldConfig.args) && !('before' in fieldConfig.args)) return resolver;
    const coded = (error: unknown) =>
      error instanceof PothosValidationError ? new DomainError('VALIDATION_FAILED', error.message) : error;
    return (parent, args, context, info) => {
      try {
        const result: unknown = resolver(parent, args, context, info);
        return isThenable(result)
          ? Promise.resolve(result).catch((error: unknown) => Promise.reject(coded(error)))
          : result;
      } catch (error) {
        throw coded(error);
      }
    };
  }
}

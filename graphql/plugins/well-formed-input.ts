// Every argument of every field, literal or variable, JSON scalars at any depth: refused with
// VALIDATION_FAILED, naming the argument, when it holds text that is not well-formed (domain/text).
// A Pothos plugin rather than a custom String scalar, because it also covers the JSON scalars
// (formData, results) and object keys, and it runs after coercion, so literals and variables are
// checked alike; one place, so no resolver can forget. It runs after authorization (ScopeAuthPlugin
// comes first), before any resolver touches the database or Temporal.
import { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { DomainError } from '../../domain/errors';
import { findIllFormedInput } from '../../domain/text/well-formed';

function refuseIllFormed(args: object): void {
  for (const [name, value] of Object.entries(args)) {
    const found = findIllFormedInput(value, name);
    if (found)
      throw new DomainError('VALIDATION_FAILED', `${found.path}: ${found.problem}`, { field: found.path });
  }
}

export class WellFormedInputPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      refuseIllFormed(args);
      return resolver(parent, args, context, info);
    };
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return (parent, args, context, info) => {
      refuseIllFormed(args);
      return subscribe(parent, args, context, info);
    };
  }
}

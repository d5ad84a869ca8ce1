// The GraphQL metric's operation label comes from the schema (bounded), never from the client's text.
import { parse } from 'graphql';
import { schema } from '../schema';
import { rootFieldOf } from './observability';

test('the root field names the operation; anything else folds into a few fixed values', () => {
  const of = (doc: string, name?: string) => rootFieldOf(schema, parse(doc), name);
  expect(
    of('mutation AnyNameAtAll { completeStep(input: {dossierCode: "X", stepKey: "s"}) { status } }'),
  ).toEqual({ operation: 'completeStep', type: 'mutation' });
  expect(of('query { me { role } }')).toEqual({ operation: 'me', type: 'query' });
  expect(of('query { me { role } dossiers { totalCount } }')).toEqual({
    operation: '_multiple',
    type: 'query',
  });
  expect(of('query { __schema { types { name } } }')).toEqual({ operation: '_introspection', type: 'query' });
  expect(of('query { notAField }')).toEqual({ operation: '_unknown', type: 'query' });
  expect(of('query A { me { role } } query B { me { role } }')).toEqual({
    operation: '_unknown',
    type: 'unknown',
  });
  expect(of('query A { me { role } } query B { me { role } }', 'B')).toEqual({
    operation: 'me',
    type: 'query',
  });
});

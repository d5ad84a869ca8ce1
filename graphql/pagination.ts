// What every connection field shares: the page-size limit and the names of its types.
import { DomainError } from '../domain/errors';

/** The largest page a connection serves: a larger `first`/`last` is refused, not silently cut. */
export const MAX_PAGE_SIZE = 100;

interface PageArgs {
  first?: number | null;
  last?: number | null;
}

/** Reads a page once the caller's `first`/`last` are within MAX_PAGE_SIZE. */
export function readPage<Page>(args: PageArgs, read: () => Page): Page {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && value > MAX_PAGE_SIZE) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${name}: at most ${MAX_PAGE_SIZE} per page (got ${value}); page on with the cursors`,
      );
    }
  }
  return read();
}

/**
 * The connection's and edge's type names after the node (`DossierConnection`, `DossierEdge`), not
 * after the field as Pothos would name them (`QueryDossiersConnection`); spread after the field's options.
 */
export function connectionTypes(node: string): [{ name: string }, { name: string }] {
  return [{ name: `${node}Connection` }, { name: `${node}Edge` }];
}

// Names of agencies and procedures, for pages that get codes from the API: loaded once per page.
import { graphql } from '../lib/graphql';
import { useQuery } from '../lib/use-query';

const CatalogQuery = graphql(`
  query ConsoleCatalog {
    agencies {
      code
      name
      parentCode
    }
    procedures {
      code
      name
    }
  }
`);

export function useCatalog() {
  const { data } = useQuery(CatalogQuery, {});
  const agencies = new Map((data?.agencies ?? []).map((a) => [a.code, a.name]));
  const procedures = new Map((data?.procedures ?? []).map((p) => [p.code, p.name]));
  return {
    agencies: data?.agencies ?? [],
    procedures: data?.procedures ?? [],
    agencyName: (code: string | null | undefined) => (code ? (agencies.get(code) ?? code) : ''),
    procedureName: (code: string) => procedures.get(code) ?? code,
  };
}

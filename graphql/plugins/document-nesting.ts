// graphql-js parses a document by recursive descent: every `{`, `[` or `(` costs stack frames. A
// list literal nested ~2,000 levels deep (`[[[[…`: one token a level, so under the 2,000-token limit,
// which is only counted as the parser advances) overflowed the stack while parsing, and the API
// answered a masked INTERNAL_SERVER_ERROR, at a depth that varied with how warm the JIT was. So
// the nesting is measured first with graphql-js's own lexer (iterative; it knows strings, block
// strings and comments), and a document nested deeper than the limit is refused as
// QUERY_TOO_COMPLEX before it is parsed.
import { Lexer, Source, TokenKind } from 'graphql';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Whether `document` nests braces, brackets and parentheses more than `limit` levels deep. Stops
 * reading as soon as it does. A document the lexer cannot read is left to the parser, which
 * reports the syntax error itself.
 */
export function nestedDeeperThan(document: string, limit: number): boolean {
  const lexer = new Lexer(new Source(document));
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (OPENING.has(token.kind)) {
        depth += 1;
        if (depth > limit) return true;
      } else if (CLOSING.has(token.kind)) {
        depth -= 1;
      }
    }
  } catch {
    return false;
  }
  return false;
}

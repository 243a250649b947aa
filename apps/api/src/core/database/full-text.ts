/**
 * Full-text search, the same everywhere: the words of the `:text` parameter, stemmed as Russian
 * or as English (people type either, and Kazakh words pass through unstemmed).
 */
export const WORDS_QUERY = `(websearch_to_tsquery('russian', :text) || websearch_to_tsquery('english', :text))`;

/** A condition: this tsvector column matches the words of `:text`. */
export function matchesWords(vectorColumn: string): string {
  return `${vectorColumn} @@ ${WORDS_QUERY}`;
}

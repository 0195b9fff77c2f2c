/**
 * Cursor pagination helpers of the HTTP layer.
 *
 * Lists are paged by the services (`{cursor?, limit?} → {items, nextCursor}`); the cursor is opaque to clients
 * (base64url text, validated by the contract `Cursor` schema) and `limit` defaults to 100, max 1000
 * (contract `Limit`). {@link walkPages} follows `nextCursor` to the end, used by the CSV export of a whole list.
 */

/** Page size used when a CSV export walks a whole list. */
export const EXPORT_PAGE_SIZE = 1000;

/** One page as returned by the list services. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetches one page from `cursor` (undefined = first page) with `limit` items at most. */
export type PageFetcher<T> = (cursor: string | undefined, limit: number) => Promise<Page<T>>;

/**
 * Yields every page from `startCursor` until `nextCursor` is null. Throws `Error` when a service returns the
 * same cursor twice (a paging bug that would otherwise loop forever).
 */
export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  startCursor?: string,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<T[]> {
  let cursor = startCursor;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor, pageSize);
    yield page.items;
    if (page.nextCursor === null) return;
    if (seen.has(page.nextCursor)) throw new Error(`pagination loop: cursor ${page.nextCursor} repeated`);
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

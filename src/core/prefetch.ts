/**
 * Reads one item ahead of the consumer: the next item's I/O runs while the consumer works on the
 * current one. Order and content are unchanged.
 */
export async function* prefetch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

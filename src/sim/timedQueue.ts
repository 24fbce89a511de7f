/** Something that happens at a time. */
export interface Timed {
  tNs: number;
}

/**
 * Messages in flight, kept in time order; equal times keep their insertion order (FIFO), so the
 * result never depends on anything but the inputs. Few messages are ever in flight: an insertion
 * scan from the back is cheaper than a heap.
 */
export class TimedQueue<T extends Timed> {
  private items: T[] = [];
  private head = 0;

  /** Adds a message. */
  push(item: T): void {
    const items = this.items;
    let i = items.length;
    while (i > this.head && items[i - 1].tNs > item.tNs) i--;
    if (i === items.length) items.push(item);
    else items.splice(i, 0, item);
  }

  /** Time of the earliest message, Infinity when empty. */
  nextTimeNs(): number {
    return this.head < this.items.length ? this.items[this.head].tNs : Infinity;
  }

  /** Removes and returns the earliest message. */
  shift(): T {
    const item = this.items[this.head++];
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Number of messages in flight. */
  size(): number {
    return this.items.length - this.head;
  }
}

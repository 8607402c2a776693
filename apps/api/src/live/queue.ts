/**
 * An unbounded-until-limit async queue for one subscriber. Producers push synchronously;
 * the consumer awaits `next`. Past `limit` waiting items it overflows: the subscriber is too
 * slow, and it is better to end it (the client resumes by id) than to grow without bound.
 */
export class AsyncQueue<T> {
  #items: T[] = [];
  #waiting: ((value: IteratorResult<T>) => void) | undefined;
  #closed = false;
  overflowed = false;

  constructor(private readonly limit = 10_000) {}

  push(item: T): void {
    if (this.#closed) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.#items.length >= this.limit) {
      this.overflowed = true;
      this.close();
      return;
    }
    this.#items.push(item);
  }

  close(): void {
    this.#closed = true;
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }
}

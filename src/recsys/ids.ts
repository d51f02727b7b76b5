/**
 * Maps external ids of any form (strings such as "42" or "tt0114709") to dense indices 0…n−1
 * and back, so models work on typed arrays while users and reports keep the original ids.
 * Example: const m = new IdMap(); m.add('42'); // 0
 *          m.id(0); // '42'
 */
export class IdMap {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Index of id, inserting it when new. */
  add(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
    }
    return i;
  }

  /** Index of id, or undefined when it was never seen. */
  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** External id of an index. */
  id(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`IdMap: index ${index} out of range [0, ${this.size})`);
    return id;
  }
}

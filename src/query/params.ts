// A bag of bound parameters: analyses add values and get back {pN:Type} placeholders, so SQL is
// assembled from fixed fragments and placeholders only.

export class ParamBag {
  readonly values: Record<string, unknown> = {};
  #next = 0;

  constructor(initial: Record<string, unknown> = {}) {
    Object.assign(this.values, initial);
  }

  /** binds `value` as ClickHouse `type` and returns its placeholder */
  add(value: unknown, type: string): string {
    const name = `p${this.#next++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

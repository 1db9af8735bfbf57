// A bag of bound parameters: analyses add values and get back {pN:Type} placeholders, so SQL is
// assembled from fixed fragments and placeholders only. It also carries how the store holds event
// properties (which have columns of their own), since the SQL it collects reads them.

import { PropertyColumns } from '../store/index.ts';

const NO_PROPERTY_COLUMNS = new PropertyColumns();

export class ParamBag {
  readonly values: Record<string, unknown> = {};
  /** properties read from a column instead of the JSON text; none unless the store's registry is given */
  readonly propertyColumns: PropertyColumns;
  #next = 0;

  constructor(propertyColumns: PropertyColumns = NO_PROPERTY_COLUMNS) {
    this.propertyColumns = propertyColumns;
  }

  /** binds `value` as ClickHouse `type` and returns its placeholder */
  add(value: unknown, type: string): string {
    const name = `p${this.#next++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

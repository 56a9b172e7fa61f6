// What is worked out once and kept by its key for the next caller: a theme parsed, a block of code
// highlighted, a formula drawn. At most about `limit` are kept; past that all are let go at once
// (each is cheap to work out again, and a course's own come back at its next render).

export function kept<K, V>(store: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = store.get(key);
  if (value === undefined) {
    if (store.size > limit) store.clear();
    value = make();
    store.set(key, value);
  }
  return value;
}

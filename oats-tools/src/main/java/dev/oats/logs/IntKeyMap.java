package dev.oats.logs;

import java.util.Arrays;

/**
 * A map from int keys to values without boxing: open addressing with linear probing, and removal by
 * shifting the entries after the removed one back (no tombstones), so that lookups on the hot path
 * of the miner are an array read and an int compare. Keys may be any int but {@link #FREE}. It is
 * not iterable: what the miner asks of it is get, put, remove and size. Not thread-safe.
 */
final class IntKeyMap<V> {

  /** The key that marks an empty slot. */
  static final int FREE = Integer.MIN_VALUE;

  private int[] keys;
  private Object[] values;
  private int size;
  private int changes;

  IntKeyMap() {
    keys = new int[64];
    Arrays.fill(keys, FREE);
    values = new Object[64];
  }

  int size() {
    return size;
  }

  /**
   * Counts the changes that may change the value of a key already here: a removal, a value
   * replaced. While it stays the same, {@link #get} of a key gives what it gave before (a key added
   * changes no other's value).
   */
  int changes() {
    return changes;
  }

  /** The value of {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(int key) {
    if (key == FREE) {
      return null;
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == FREE) {
        return null;
      }
    }
  }

  /** Maps {@code key} to {@code value} (not null); the value it had, or null. */
  @SuppressWarnings("unchecked")
  V put(int key, V value) {
    if (key == FREE || value == null) {
      throw new IllegalArgumentException("key " + key + " or a null value cannot be stored");
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != FREE) {
      if (keys[i] == key) {
        V old = (V) values[i];
        values[i] = value;
        if (old != value) {
          changes++;
        }
        return old;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return null;
  }

  /** Removes {@code key}; the value it had, or null. */
  @SuppressWarnings("unchecked")
  V remove(int key) {
    if (key == FREE) {
      return null;
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != key) {
      if (keys[i] == FREE) {
        return null;
      }
      i = (i + 1) & mask;
    }
    V old = (V) values[i];
    size--;
    changes++;
    // Shift back the entries of the run after i that would no longer be found past the hole.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      // j's entry may move into the hole when its home is not in (hole, j], cyclically.
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = FREE;
    values[hole] = null;
    return old;
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    Arrays.fill(keys, FREE);
    values = new Object[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != FREE) {
        int j = slot(oldKeys[i], mask);
        while (keys[j] != FREE) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }

  private static int slot(int key, int mask) {
    // Ids are consecutive: a multiplicative hash spreads them over the table.
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}

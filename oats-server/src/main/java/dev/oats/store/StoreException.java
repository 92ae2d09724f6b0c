package dev.oats.store;

/**
 * The store could not do its work: the database cannot be reached or migrated, or what it holds
 * cannot be read. The message says which database (never with its password) and why.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.oats.tools.web;

/** A call to a search backend that failed; the message says what went wrong and what to fix. */
final class BackendException extends Exception {

  BackendException(String message) {
    super(message);
  }
}

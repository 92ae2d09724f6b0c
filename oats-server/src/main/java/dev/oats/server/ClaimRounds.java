package dev.oats.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the claim rounds made one after another for the starters, so that a submit can wait for
 * the first round that began after its investigation was stored: that round has seen it, and has
 * claimed it if a slot and a starter were free. A submit is then answered with its investigation
 * running rather than pending while a claim was merely under way (and with no count of the running
 * ones to tell it why it waits).
 */
final class ClaimRounds {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition roundEnded = lock.newCondition();
  private long begun;
  private long ended;

  /** How many rounds have begun: a round numbered above this one begins after this call. */
  long begun() {
    lock.lock();
    try {
      return begun;
    } finally {
      lock.unlock();
    }
  }

  /** A round begins; rounds never overlap. */
  void begin() {
    lock.lock();
    try {
      begun++;
    } finally {
      lock.unlock();
    }
  }

  /** The round that began last has ended, whether or not it claimed anything. */
  void end() {
    lock.lock();
    try {
      ended++;
      roundEnded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the round after {@code seen} (a {@link #begun()}) has ended, at most {@code
   * timeout}; returns whether it has.
   */
  boolean awaitRoundAfter(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (ended <= seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = roundEnded.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
